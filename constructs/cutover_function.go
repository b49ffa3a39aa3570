package constructs

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/cors"
	"github.com/strangler-fig/strangler/routing"
)

//go:embed cutover_function.js
var cutoverFunctionCode string

// CutoverRoute is one route the cut-over function knows.
type CutoverRoute struct {
	// Template as API Gateway writes it, e.g. "/user/{id}". It names the
	// route's store key, "w:" + Template.
	Template string
	// Weight, 0-100: the share of requests sent to Lambda when the store
	// has no value for the route. -1: the route is not weighed (its
	// requests stay on the behaviour's origin), e.g. a monolith path served
	// through API Gateway, which must still shadow wider templates.
	Weight int
	// Cors of the route: its browsers' preflights are answered by the
	// function (never reaching a Lambda). Default: none (a preflight goes
	// on like any request).
	Cors *cors.Policy
}

// CutoverWeightKey is the KeyValueStore key holding a route's share of
// requests to Lambda, "0" to "100".
func CutoverWeightKey(template string) string { return "w:" + template }

// LegacyOriginId is the origin ID EdgeDistribution gives the monolith, by
// which the cut-over function selects it.
const LegacyOriginId = "legacy"

// CutoverFunctionCode is the source of the cut-over CloudFront Function:
// the query-string function's, then the weighed choice of origin for
// routes, reading the store when withStore. It fails if a template does
// not parse or if the code is over CloudFront Functions' size limit.
func CutoverFunctionCode(routes []CutoverRoute, withStore bool) (string, error) {
	type entry struct {
		t routing.Template
		r CutoverRoute
	}
	var entries []entry
	for _, r := range routes {
		t, err := routing.ParseTemplate(r.Template)
		if err != nil {
			return "", fmt.Errorf("cut-over route %v", err)
		}
		if r.Weight < -1 || r.Weight > 100 {
			return "", fmt.Errorf("cut-over route %s: weight %d; use 0 to 100, or -1 for a route not weighed", r.Template, r.Weight)
		}
		if r.Cors != nil {
			if err := r.Cors.Error("cut-over route " + r.Template); err != nil {
				return "", err
			}
		}
		entries = append(entries, entry{t, r})
	}
	sort.SliceStable(entries, func(i, j int) bool { return routing.Precedes(entries[i].t, entries[j].t) })
	// Compact, as every byte counts against the size limit: under its first
	// literal segment, a template without it; a weight of 100 left out.
	byFirst := map[string][]any{}
	policies := []map[string]any{} // each distinct CORS policy once
	corsIndex := map[string]int{}
	for _, e := range entries {
		first, rest := "", e.r.Template
		if len(e.t.Segments) > 0 && e.t.Segments[0].Literal != "" {
			first = e.t.Segments[0].Literal
			rest = strings.TrimPrefix(rest, "/"+first)
		}
		var x any = rest
		switch c := e.r.Cors; {
		case c != nil:
			i, ok := corsIndex[c.Key()]
			if !ok {
				i = len(policies)
				corsIndex[c.Key()] = i
				policies = append(policies, map[string]any{"o": c.AllowOrigins, "m": c.AllowMethods, "h": corsHeaders(c.AllowHeaders), "c": c.AllowCredentials, "a": c.MaxAgeSeconds})
			}
			x = []any{rest, e.r.Weight, i}
		case e.r.Weight != 100:
			x = []any{rest, e.r.Weight}
		}
		byFirst[first] = append(byFirst[first], x)
	}
	table, err := json.Marshal(byFirst) // keys sorted: the same code for the same routes
	if err != nil {
		return "", err
	}
	corsTable, err := json.Marshal(policies)
	if err != nil {
		return "", err
	}
	legacy, _ := json.Marshal(LegacyOriginId)
	head := "import cf from 'cloudfront';\n"
	read := "// no store: the compiled weight"
	if withStore {
		head += "var kvs = cf.kvs();\n"
		read = `try {
        var v = await kvs.get('w:' + r[0]);
        var n = parseInt(v, 10);
        if (n >= 0 && n <= 100 && String(n) === String(v).trim()) {
            return n;
        }
    } catch (e) {
        // missing key or store error: the compiled weight
    }`
	}
	qs := strings.Replace(queryStringFunctionCode, "function handler(event) {", "function encodeQueryStrings(event) {", 1)
	code := head + stripComments(qs) + stripComments(forwardHostSource()) + stripComments(strings.NewReplacer(
		"__ROUTES__", string(table),
		"__LEGACY_ORIGIN__", string(legacy),
		"__CORS__", string(corsTable),
		"__STORE_READ__", read,
	).Replace(cutoverFunctionCode))
	if n := len(code); n > awslimits.CloudFrontFunctionCodeBytes {
		return "", fmt.Errorf("the cut-over CloudFront Function would be %d bytes with %d routes, over CloudFront Functions' %d; weigh fewer routes", n, len(routes), awslimits.CloudFrontFunctionCodeBytes)
	}
	return code, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

var (
	commentLine = regexp.MustCompile(`(?m)^[ \t]*//.*\n`)
	indent      = regexp.MustCompile(`(?m)^[ \t]+`)
)

// stripComments drops whole-line comments and indentation: the source is
// read in the repository; CloudFront counts every byte against its limit.
func stripComments(code string) string {
	return indent.ReplaceAllString(commentLine.ReplaceAllString(code, ""), "")
}

// CutoverFunctionProps configures a CutoverFunction. Routes is required.
type CutoverFunctionProps struct {
	// Routes the function weighs (and the monolith paths served through
	// API Gateway, weight -1). Required.
	Routes []CutoverRoute
	// Store read for each route's weight. Default: a new KeyValueStore.
	Store awscloudfront.IKeyValueStore
	// Comment shown in the CloudFront console. Default: a sentence saying what it does.
	Comment *string
}

// CutoverFunction is the viewer-request CloudFront Function of migrated
// behaviours: it percent-encodes ";" in query strings (QueryStringFunction)
// and sends each migrated route's callers to Lambda or to the monolith by
// the route's weight, read from a CloudFront KeyValueStore so that it
// changes in seconds without a deploy. The distribution's monolith origin
// must have the ID LegacyOriginId (EdgeDistribution gives it).
type CutoverFunction struct {
	awsconstructs.Construct
	// Function is the CloudFront Function, published to LIVE.
	Function awscloudfront.Function
	// Store holds the weights, "w:<template>" -> "0".."100".
	Store awscloudfront.IKeyValueStore
}

// NewCutoverFunction defines a CutoverFunction in scope.
func NewCutoverFunction(scope awsconstructs.Construct, id *string, props *CutoverFunctionProps) *CutoverFunction {
	if props == nil || len(props.Routes) == 0 {
		panic(fmt.Sprintf("%s: CutoverFunctionProps needs Routes, the migrated routes to weigh", constructPath(scope, id)))
	}
	this := &CutoverFunction{Construct: awsconstructs.NewConstruct(scope, id), Store: props.Store}
	if this.Store == nil {
		this.Store = awscloudfront.NewKeyValueStore(this.Construct, jsii.String("Store"), &awscloudfront.KeyValueStoreProps{
			Comment: jsii.String("Share of each migrated route's requests sent to Lambda (w:<route> = 0-100)"),
		})
	}
	code, err := CutoverFunctionCode(props.Routes, true)
	if err != nil {
		panic(fmt.Sprintf("%s: %v", *this.Node().Path(), err))
	}
	this.Function = awscloudfront.NewFunction(this.Construct, jsii.String("Function"), &awscloudfront.FunctionProps{
		Code:          awscloudfront.FunctionCode_FromInline(jsii.String(code)),
		Runtime:       awscloudfront.FunctionRuntime_JS_2_0(),
		Comment:       orString(props.Comment, "Migrated routes: ; kept in query strings, each route's share to Lambda from the store"),
		KeyValueStore: this.Store,
		AutoPublish:   jsii.Bool(true),
	})
	return this
}

// Association is the function on the VIEWER_REQUEST event, for a
// behaviour's FunctionAssociations.
func (f *CutoverFunction) Association() *awscloudfront.FunctionAssociation {
	return &awscloudfront.FunctionAssociation{EventType: awscloudfront.FunctionEventType_VIEWER_REQUEST, Function: f.Function}
}
