package constructs

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/routing"
)

// ProxyApiProps configures a ProxyApi. All are optional.
type ProxyApiProps struct {
	// RestApiName. Default: the construct's path.
	RestApiName *string
	// StageName. Default: "prod".
	StageName *string
	// ThrottlingRateLimit of the stage, requests per second. Default: 2000.
	ThrottlingRateLimit *float64
	// ThrottlingBurstLimit of the stage. Default: 4000.
	ThrottlingBurstLimit *float64
	// IntegrationTimeout for every route. Default: 29 seconds.
	IntegrationTimeout awscdk.Duration
	// ExecutionLogLevel of the stage. Default: ERROR, which records Lambda
	// throttling (429 from Lambda) that never reaches the function's logs.
	ExecutionLogLevel awsapigateway.MethodLoggingLevel
	// AccessLogRetention. Default: one month.
	AccessLogRetention awslogs.RetentionDays
	// CloudWatchRole sets the account's (region-wide, one per account)
	// API Gateway logging role, which execution logs need. Set false where a
	// landing zone already manages it. Default: true unless ExecutionLogLevel is OFF.
	CloudWatchRole *bool
	// RequireOriginKey makes every method require an API key that only the
	// CloudFront distribution sends (see OriginHeaders), so the API cannot
	// be called around CloudFront: its caching, its query-string fix and
	// its logs. The key is a generated secret in Secrets Manager; the
	// header is added by CloudFront towards the origin, after the cache
	// lookup, so it is never part of a cache key. Without it, anyone with
	// the API's URL can call it, and cdk-nag's AwsSolutions-APIG3 (WAF) and
	// APIG4 (authorization) findings stand. Default: true.
	RequireOriginKey *bool
	// OriginKeyGeneration rotates the key: raised by one, a new secret and
	// API key replace the old ones in one deploy (make whatever sends the
	// key depend on UsagePlan, and it switches before the old key goes).
	// Default: 1.
	OriginKeyGeneration *float64
	// OriginKeyRotation is a count (OriginKeyRotation.Parameter's value)
	// put in the key secret's name: a stack update that raises it replaces
	// the key as a new generation does, without a new template. Default:
	// none (the secret's name is CloudFormation's, rotation by generation only).
	OriginKeyRotation *string
	// MonolithHeaders are added to every request AddMonolithRoute sends the
	// monolith, e.g. OriginSecret.Headers (the monolith then knows the
	// request came from CloudFront's side). Default: none.
	MonolithHeaders *map[string]*string
	// StageVariables of the stage, and MonolithStageVariableHeaders
	// ({header: stage variable}) added from them to every request
	// AddMonolithRoute sends: a value that changes without a new API
	// deployment, e.g. OriginSecretRotation's. Default: none.
	StageVariables               *map[string]*string
	MonolithStageVariableHeaders *map[string]string
	// Tracing turns on X-Ray active tracing on the stage: a trace starts
	// at API Gateway and goes on through the authorizer and the function.
	// Default: true.
	Tracing *bool
}

// RouteOptions say where a route's methods live. All are optional.
type RouteOptions struct {
	// Scope the methods and the invoke permission are created in, e.g. a
	// construct inside a nested stack, so a large API spreads its methods
	// over several stacks (CloudFormation allows 500 resources per stack).
	// The REST API, its resources and its deployment stay in the API's
	// stack, and its deployment waits for the methods wherever they are.
	// Default: the API's resource tree (the API's stack).
	Scope awsconstructs.Construct
	// Authorizer checks every caller before the function runs (e.g.
	// CallerAuthorizer.Authorizer). Default: none, a public route.
	Authorizer awsapigateway.IAuthorizer
}

// ProxyApi is a regional REST API whose routes proxy to Lambda functions,
// with stage throttling, JSON access logs and execution logs. Each function
// gets one invoke permission however many routes and methods it serves.
type ProxyApi struct {
	awsconstructs.Construct
	// Api is the underlying REST API (escape hatch).
	Api awsapigateway.RestApi
	// AccessLogs receives one JSON line per request, with the integration's
	// status and error: where a throttled Lambda (429) shows.
	AccessLogs awslogs.LogGroup
	// IntegrationTimeout of every route.
	IntegrationTimeout awscdk.Duration
	// OriginKey is the secret API key CloudFront sends; nil when
	// RequireOriginKey is false.
	OriginKey awssecretsmanager.Secret
	// UsagePlan ties the key to the stage (and holds the key's
	// association): whatever sends the key should depend on it. Nil when
	// RequireOriginKey is false.
	UsagePlan awsapigateway.UsagePlan
	// OriginHeaders are the headers the origin in front (CloudFront) must
	// add for API Gateway to answer: {"x-api-key": <dynamic reference to
	// OriginKey>}, resolved by CloudFormation at deploy time, so the value
	// is never in the template. Empty when RequireOriginKey is false.
	OriginHeaders map[string]*string

	stageName       string
	id              string                       // the construct ID, kept: asking is a round trip to Node
	permitted       map[awslambda.IFunction]bool // functions allowed to be invoked by the API
	invoker         awsiam.IPrincipal            // API Gateway, in those permissions
	invokedFrom     *string                      // the stage's execute-api ARN, in those permissions
	root            awsapigateway.IResource
	problems        *problems
	templates       []routing.Template // the routes added, to check against each other
	monolithHeaders map[string]*string
	monolithVars    map[string]string
}

// accessLogFormat adds to the standard fields what a migration needs to see:
// the integration's own status, latency and error (Lambda throttling shows
// as integrationStatus 429, nowhere else).
var accessLogFormat = `{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","path":"$context.path","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength","responseLatency":"$context.responseLatency","integrationStatus":"$context.integration.status","integrationLatency":"$context.integration.latency","integrationError":"$context.integration.error","errorType":"$context.error.responseType","errorMessage":"$context.error.message"}`

// NewProxyApi creates the REST API, its stage and its logs. Add at least
// one route: API Gateway (and so synth) refuses a REST API with no methods.
func NewProxyApi(scope awsconstructs.Construct, id *string, props *ProxyApiProps) *ProxyApi {
	if props == nil {
		props = &ProxyApiProps{}
	}
	this := &ProxyApi{Construct: awsconstructs.NewConstruct(scope, id), id: *id, permitted: map[awslambda.IFunction]bool{}}
	this.problems = newProblems(this.Construct)
	if props.MonolithHeaders != nil {
		this.monolithHeaders = *props.MonolithHeaders
	}
	if props.MonolithStageVariableHeaders != nil {
		this.monolithVars = *props.MonolithStageVariableHeaders
	}
	this.IntegrationTimeout = orDuration(props.IntegrationTimeout, defaultIntegrationTimeout())
	retention := orOneMonth(props.AccessLogRetention)
	level := props.ExecutionLogLevel
	if level == "" {
		level = awsapigateway.MethodLoggingLevel_ERROR
	}
	this.AccessLogs = awslogs.NewLogGroup(this.Construct, jsii.String("AccessLogs"), &awslogs.LogGroupProps{
		Retention:     retention,
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN_ON_UPDATE_OR_DELETE,
	})
	this.stageName = *orString(props.StageName, "prod")
	manageRole := level != awsapigateway.MethodLoggingLevel_OFF
	if props.CloudWatchRole != nil {
		manageRole = *props.CloudWatchRole
	}
	this.Api = awsapigateway.NewRestApi(this.Construct, jsii.String("Api"), &awsapigateway.RestApiProps{
		RestApiName:                 props.RestApiName,
		Description:                 jsii.String("Routes migrated off the monolith; CloudFront is the only caller"),
		EndpointTypes:               &[]awsapigateway.EndpointType{awsapigateway.EndpointType_REGIONAL},
		CloudWatchRole:              jsii.Bool(manageRole),
		CloudWatchRoleRemovalPolicy: removalIf(manageRole, awscdk.RemovalPolicy_RETAIN),
		DeployOptions: &awsapigateway.StageOptions{
			StageName:            jsii.String(this.stageName),
			ThrottlingRateLimit:  orNumber(props.ThrottlingRateLimit, 2000),
			ThrottlingBurstLimit: orNumber(props.ThrottlingBurstLimit, 4000),
			LoggingLevel:         level,
			DataTraceEnabled:     jsii.Bool(false), // full bodies in logs would leak tokens and personal data
			MetricsEnabled:       jsii.Bool(false),
			AccessLogDestination: awsapigateway.NewLogGroupLogDestination(this.AccessLogs),
			AccessLogFormat:      awsapigateway.AccessLogFormat_Custom(jsii.String(accessLogFormat)),
			TracingEnabled:       jsii.Bool(tracingOn(props.Tracing)),
			Variables:            props.StageVariables,
		},
	})
	// The stage URL output would advertise a way around CloudFront.
	this.Api.Node().TryRemoveChild(jsii.String("Endpoint"))
	this.OriginHeaders = map[string]*string{}
	if props.RequireOriginKey == nil || *props.RequireOriginKey {
		this.addOriginKey(int(*orNumber(props.OriginKeyGeneration, 1)), props.OriginKeyRotation)
	}
	this.suppressNag(manageRole)
	return this
}

// suppressNag waives the cdk-nag rules this design answers otherwise.
func (a *ProxyApi) suppressNag(madeAccountRole bool) {
	SuppressNag(a.Api.Node().DefaultChild(), NagSuppression{ID: "AwsSolutions-APIG2",
		Reason: "Every route is a Lambda proxy integration whose handler validates its own input, as the monolith did; " +
			"the API declares no models or required parameters, so a request validator would have nothing to check."})
	if madeAccountRole {
		SuppressNag(a.Api.Node().FindChild(jsii.String("CloudWatchRole")), NagSuppression{ID: "AwsSolutions-IAM4",
			Reason: "API Gateway's account-wide logging role, used for every REST API of the region: AmazonAPIGatewayPushToCloudWatchLogs is the policy API Gateway documents for it, " +
				"and the execution log groups it writes (API-Gateway-Execution-Logs_<api id>/<stage>) are the service's to name. Set CloudWatchRole false where a landing zone owns it.",
			AppliesTo: []string{"Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"}})
	}
	if a.OriginKey != nil {
		SuppressNag(a.Api.DeploymentStage().Node().DefaultChild(), NagSuppression{ID: "AwsSolutions-APIG3",
			Reason: "Only CloudFront holds the API key every method requires, so a web ACL belongs on the distribution, in front of every route and the monolith alike; " +
				"one on this stage would inspect (and bill) the same requests twice."})
	}
}

// Who authenticates a method's callers, for its cdk-nag reasons.
const (
	authByAuthorizer = iota // a Lambda authorizer (RouteOptions.Authorizer)
	authPublic              // nobody: the route is public
	authByMonolith          // the monolith, behind an HTTP proxy route
)

// methodSuppressions waive, on each method, the rules asking for an API
// Gateway (Cognito) authorizer, saying who does authenticate. Kept short:
// a large API has hundreds of methods.
func (a *ProxyApi) methodSuppressions(by int) []NagSuppression {
	cog4 := map[int]string{
		authByAuthorizer: "Callers are the monolith's users with its credentials, not a Cognito user pool: the route's Lambda authorizer checks them (a JWT from the issuer, or the monolith's session endpoint) before the function runs.",
		authPublic:       "A public route: the manifest says auth: none; nobody is authenticated, as on the monolith.",
		authByMonolith:   "A monolith path behind an HTTP proxy: the monolith authenticates its callers itself, as before.",
	}[by]
	s := []NagSuppression{{ID: "AwsSolutions-COG4", Reason: cog4}}
	if a.OriginKey != nil && by != authByAuthorizer {
		s = append(s, NagSuppression{ID: "AwsSolutions-APIG4",
			Reason: "Requires the API key only CloudFront sends (it proves the request came through CloudFront, not who sent it); " + map[bool]string{true: "the route is public (auth: none).", false: "the monolith authenticates the caller itself."}[by == authPublic]})
	}
	return s
}

// addOriginKey makes the API key CloudFront sends and API Gateway requires.
func (a *ProxyApi) addOriginKey(generation int, rotation *string) {
	suffix := "" // generation 1 keeps the IDs it always had
	if generation > 1 {
		suffix = fmt.Sprint(generation)
	}
	var name *string
	if rotation != nil {
		// A name is a property CloudFormation replaces the secret for: a
		// new count, a new secret, and everything resolving it follows.
		name = awscdk.Fn_Join(jsii.String("-"), &[]*string{awscdk.Aws_STACK_NAME(), jsii.String(fmt.Sprintf("origin-key-g%d-r", generation)), rotation})
	}
	a.OriginKey = awssecretsmanager.NewSecret(a.Construct, jsii.String("OriginKey"+suffix), &awssecretsmanager.SecretProps{
		SecretName:  name,
		Description: jsii.String("API key CloudFront sends to API Gateway (x-api-key): calls that do not come through CloudFront are refused"),
		GenerateSecretString: &awssecretsmanager.SecretStringGenerator{
			PasswordLength:     jsii.Number(40),
			ExcludePunctuation: jsii.Bool(true),
		},
	})
	SuppressNag(a.OriginKey, NagSuppression{ID: "AwsSolutions-SMG4",
		Reason: "The key lives in two places CloudFormation sets (the API key and the CloudFront origin header); a Secrets Manager rotation Lambda would change the secret alone and cut CloudFront off. " +
			"It is replaced by CloudFormation instead: a new generation, or a scheduled stack update raising OriginKeyRotation (constructs.OriginKeyRotation), the new key valid before CloudFront sends it and the old one deleted last."})
	value := a.OriginKey.SecretValue().UnsafeUnwrap() // a {{resolve:secretsmanager:...}} reference, not the value
	key := awsapigateway.NewApiKey(a.Construct, jsii.String("CloudFrontKey"+suffix), &awsapigateway.ApiKeyProps{
		Description: jsii.String("Sent by CloudFront only; value in the OriginKey secret"),
		Value:       value,
	})
	a.UsagePlan = a.Api.AddUsagePlan(jsii.String("CloudFront"), &awsapigateway.UsagePlanProps{
		Description: jsii.String("CloudFront's key; throttling is the stage's"),
		ApiStages:   &[]*awsapigateway.UsagePlanPerApiStage{{Api: a.Api, Stage: a.Api.DeploymentStage()}},
	})
	a.UsagePlan.AddApiKey(key, nil)
	a.OriginHeaders["x-api-key"] = value
}

// removalIf gives p when the resource it applies to is made: CDK refuses a
// removal policy for the account role it does not create.
func removalIf(made bool, p awscdk.RemovalPolicy) awscdk.RemovalPolicy {
	if made {
		return p
	}
	return ""
}

// AddRoute sends path (an API Gateway template such as "/user/{id}" or
// "/files/{proxy+}") to fn (a function or, better, an alias) for each
// method, with a Lambda proxy integration. The first route of a function
// grants API Gateway the right to invoke it; later ones reuse that
// permission. opts may be nil.
func (a *ProxyApi) AddRoute(path string, methods []string, fn awslambda.IFunction, opts *RouteOptions) {
	if !a.checkTemplate(path) {
		return // reported at synth; CDK cannot build it
	}
	if opts == nil {
		opts = &RouteOptions{}
	}
	if a.root == nil {
		a.root = a.Api.Root() // asked once: each is a round trip to Node
	}
	resource := a.root
	if p := strings.Trim(path, "/"); p != "" {
		resource = a.root.ResourceForPath(jsii.String(p))
	}
	integration := awsapigateway.NewAwsIntegration(&awsapigateway.AwsIntegrationProps{
		Proxy:                 jsii.Bool(true),
		Service:               jsii.String("lambda"),
		Path:                  jsii.String("2015-03-31/functions/" + *fn.FunctionArn() + "/invocations"),
		IntegrationHttpMethod: jsii.String("POST"),
		Options:               &awsapigateway.IntegrationOptions{Timeout: a.IntegrationTimeout},
	})
	options := &awsapigateway.MethodOptions{ApiKeyRequired: jsii.Bool(a.OriginKey != nil)}
	waived := a.methodSuppressions(authPublic)
	if opts.Authorizer != nil {
		options.AuthorizationType = awsapigateway.AuthorizationType_CUSTOM
		options.Authorizer = opts.Authorizer
		waived = a.methodSuppressions(authByAuthorizer)
	}
	for _, m := range methods {
		var method awsapigateway.Method
		if opts.Scope == nil {
			method = resource.AddMethod(jsii.String(m), integration, options)
		} else {
			// The ID reads as the route; "/" is the construct path separator.
			id := m + " " + strings.ReplaceAll(path, "/", "∕")
			method = awsapigateway.NewMethod(opts.Scope, jsii.String(id), &awsapigateway.MethodProps{
				Resource: resource, HttpMethod: jsii.String(m), Integration: integration, Options: options,
			})
		}
		suppressNagOnNew(method, waived...)
	}
	// By Go value (one per JavaScript object), not construct path: that
	// is two round trips to Node per route.
	if !a.permitted[fn] {
		a.permitted[fn] = true
		if a.invoker == nil { // the same for every function: made once
			a.invoker = awsiam.NewServicePrincipal(jsii.String(awslimits.APIGatewayServicePrincipal), nil)
			// The stage by name, not by reference: the stage depends on the
			// deployment, which waits for every method (maybe in this
			// function's stack); a reference would close that loop.
			a.invokedFrom = a.Api.ArnForExecuteApi(jsii.String("*"), jsii.String("/*"), jsii.String(a.stageName))
		}
		fn.AddPermission(jsii.String("InvokeFromApi"+a.id), &awslambda.Permission{Principal: a.invoker, SourceArn: a.invokedFrom})
	}
}

// AddMonolithRoute sends path (an API Gateway template) back to the
// monolith at baseURL (e.g. "https://legacy-api.example.com") for each
// method, with an HTTP proxy integration: the same path, its parameters
// and query string, under baseURL. It is how a monolith path under a
// migrated CloudFront pattern stays on the monolith without a CloudFront
// behaviour of its own, at the price of API Gateway on that traffic (its
// integration timeout, throttle and per-request price). The origin key
// CloudFront sends is replaced before the request leaves API Gateway, so
// the monolith never sees it. Methods live in the API's stack.
func (a *ProxyApi) AddMonolithRoute(path string, methods []string, baseURL string) {
	if !a.checkTemplate(path) {
		return // reported at synth; CDK cannot build it
	}
	if !strings.HasPrefix(baseURL, "https://") && !strings.HasPrefix(baseURL, "http://") {
		panic(fmt.Sprintf("%s: AddMonolithRoute(%q): base URL %q must start with https:// (or http://)", *a.Node().Path(), path, baseURL))
	}
	resource := a.Api.Root()
	if p := strings.Trim(path, "/"); p != "" {
		resource = a.Api.Root().ResourceForPath(jsii.String(p))
	}
	url := strings.TrimSuffix(baseURL, "/") + path
	methodParams := map[string]*bool{}
	integrationParams := map[string]*string{}
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			name := strings.TrimSuffix(strings.Trim(seg, "{}"), "+")
			url = strings.Replace(url, seg, "{"+name+"}", 1)
			methodParams["method.request.path."+name] = jsii.Bool(true)
			integrationParams["integration.request.path."+name] = jsii.String("method.request.path." + name)
		}
	}
	if a.OriginKey != nil {
		// The key proves the request came through CloudFront; it is no
		// business of the monolith's.
		integrationParams["integration.request.header.x-api-key"] = jsii.String("'-'")
	}
	for name, value := range a.monolithHeaders {
		// A literal, quoted: the value is a dynamic reference CloudFormation resolves.
		integrationParams["integration.request.header."+name] = awscdk.Fn_Join(jsii.String(""), &[]*string{jsii.String("'"), value, jsii.String("'")})
	}
	for name, variable := range a.monolithVars {
		// Read at each request from the stage, whose variables change
		// without a new deployment.
		integrationParams["integration.request.header."+name] = jsii.String(awslimits.APIGatewayStageVariableMapping + variable)
	}
	integration := awsapigateway.NewHttpIntegration(jsii.String(url), &awsapigateway.HttpIntegrationProps{
		Proxy:      jsii.Bool(true),
		HttpMethod: jsii.String("ANY"),
		Options: &awsapigateway.IntegrationOptions{
			Timeout:           a.IntegrationTimeout,
			RequestParameters: &integrationParams,
		},
	})
	options := &awsapigateway.MethodOptions{ApiKeyRequired: jsii.Bool(a.OriginKey != nil), RequestParameters: &methodParams}
	for _, m := range methods {
		suppressNagOnNew(resource.AddMethod(jsii.String(m), integration, options), a.methodSuppressions(authByMonolith)...)
	}
}

// checkTemplate reports, at synth, a path API Gateway would refuse at
// deploy: a template that does not parse, or a variable part named
// otherwise than an earlier route's at the same level.
func (a *ProxyApi) checkTemplate(path string) bool {
	t, err := routing.ParseTemplate(path)
	if err != nil {
		a.problems.add("route %v", err)
		return false
	}
	a.templates = append(a.templates, t)
	for _, c := range routing.SiblingConflicts(a.templates) {
		if c.Index == len(a.templates)-1 {
			a.problems.add("route %s %v (route %s)", path, c, a.templates[c.Other])
		}
	}
	return true
}

// Metric5XXError counts server-side errors API Gateway returned, its own
// and the integration's (Lambda throttling and timeouts included).
func (a *ProxyApi) Metric5XXError(props *awscloudwatch.MetricOptions) awscloudwatch.Metric {
	return a.Api.MetricServerError(withDefaults(props, "Sum"))
}

// MetricIntegrationLatencyP99 is the 99th percentile of time spent waiting for Lambda.
func (a *ProxyApi) MetricIntegrationLatencyP99(props *awscloudwatch.MetricOptions) awscloudwatch.Metric {
	return a.Api.MetricIntegrationLatency(withDefaults(props, "p99"))
}

// MetricCount counts requests.
func (a *ProxyApi) MetricCount(props *awscloudwatch.MetricOptions) awscloudwatch.Metric {
	return a.Api.MetricCount(withDefaults(props, "Sum"))
}

// Metric4XXError counts client errors, API Gateway throttling (429) included.
func (a *ProxyApi) Metric4XXError(props *awscloudwatch.MetricOptions) awscloudwatch.Metric {
	return a.Api.MetricClientError(withDefaults(props, "Sum"))
}
