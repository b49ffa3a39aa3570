package constructs

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/cors"
	"github.com/strangler-fig/strangler/routing"
)

// CacheMode says what CloudFront may cache for a migrated route.
type CacheMode string

const (
	// CacheNone never caches: every request reaches API Gateway.
	CacheNone CacheMode = "none"
	// CachePerToken keys the cache on the Authorization header (and
	// ApiRouteOptions.CacheCookies) and CacheQueryKeys, so one caller's
	// answer is never served to another.
	CachePerToken CacheMode = "per-token"
	// CachePublic keys the cache on CacheQueryKeys only: one answer for everyone.
	CachePublic CacheMode = "public"
)

// EdgeDistributionProps configures an EdgeDistribution. LegacyDomainName
// (or LegacyOrigin) is required.
type EdgeDistributionProps struct {
	// LegacyDomainName is the monolith's origin host, the default behaviour.
	// Required unless LegacyOrigin is given.
	LegacyDomainName *string
	// LegacyProtocolPolicy to reach the monolith. Default: HTTPS only.
	LegacyProtocolPolicy awscloudfront.OriginProtocolPolicy
	// LegacyReadTimeout is how long CloudFront waits for the monolith.
	// Default: 30 seconds (CloudFront's default; 1 to 120).
	LegacyReadTimeout awscdk.Duration
	// LegacyOriginHeaders CloudFront adds to every request to the monolith,
	// e.g. OriginSecret.Headers, so the monolith can refuse requests that
	// did not come through CloudFront. They replace a viewer header of the
	// same name. Default: none.
	LegacyOriginHeaders *map[string]*string
	// LegacyFunctionAssociations run on the monolith's behaviours (the
	// default one and AddLegacyRoute's). Default: a ForwardedHostFunction,
	// so the monolith's X-Forwarded-Host is the public name, not the
	// viewer's. Give an empty list for none.
	LegacyFunctionAssociations *[]*awscloudfront.FunctionAssociation
	// LegacyOrigin overrides the origin made from LegacyDomainName (escape hatch).
	LegacyOrigin awscloudfront.IOrigin
	// LegacyCachePolicy of the default behaviour. Default: caching disabled
	// (what the monolith may cache is not ours to guess).
	LegacyCachePolicy awscloudfront.ICachePolicy
	// LegacyOriginRequestPolicy of the default behaviour. Default: all
	// viewer headers except Host, so TLS to the origin uses its own name.
	LegacyOriginRequestPolicy awscloudfront.IOriginRequestPolicy
	// ProxyApi is this project's API: when given, it is Api, and the
	// distribution sends its origin key (ProxyApi.OriginHeaders) and waits
	// for its usage-plan key, so a new key is accepted before CloudFront
	// sends it. Default: none.
	ProxyApi *ProxyApi
	// Api is the REST API migrated routes go to: one made here, or one
	// made elsewhere (awsapigateway.RestApi_FromRestApiId, a SpecRestApi).
	// Required before AddApiRoute unless ProxyApi or ApiOrigin is given.
	Api awsapigateway.IRestApi
	// ApiStageName is the stage CloudFront calls. Default: Api's
	// deployment stage; required for an Api without one (an imported API).
	ApiStageName *string
	// ApiOrigin overrides the origin made from Api (escape hatch, e.g. an
	// API behind a custom domain). Default: made from Api and ApiStageName.
	ApiOrigin awscloudfront.IOrigin
	// ApiOriginHeaders are added to every request sent to API Gateway,
	// e.g. an API key only CloudFront knows. They replace a viewer header
	// of the same name and are not in any cache key. A distribution in
	// front of an API whose methods require an API key but given no
	// x-api-key header fails synth. Default: ProxyApi's origin key, or none.
	ApiOriginHeaders *map[string]*string
	// ApiReadTimeout is how long CloudFront waits for API Gateway; it must
	// be at least ProxyApi's integration timeout (checked). Default: 30 seconds.
	ApiReadTimeout awscdk.Duration
	// ReadFailover sends a read-only API behaviour's requests (GET, HEAD,
	// OPTIONS) to the monolith when API Gateway answers 500, 502, 503 or
	// 504 or cannot be reached, through an origin group: a throttled or
	// ENI-starved function is then invisible to readers. Behaviours that
	// allow writes get none (CloudFront fails over only GET, HEAD and
	// OPTIONS, and refuses an origin group on a behaviour allowing more).
	// Default: true.
	ReadFailover *bool
	// ApiFunctionAssociations run on every route sent to API Gateway.
	// Default: a QueryStringFunction, so ";" in query values survives API Gateway.
	ApiFunctionAssociations *[]*awscloudfront.FunctionAssociation
	// LogBucket for standard access logs. Default: a new encrypted,
	// TLS-only, private bucket keeping logs LogRetention long.
	LogBucket awss3.IBucket
	// LogFilePrefix of access log objects. Default: "cloudfront/".
	LogFilePrefix *string
	// NoLegacyLogging turns CloudFront's legacy standard logging off (e.g.
	// once AccessLogAnalytics delivers logging v2): a new log bucket then
	// has ACLs disabled, which legacy logging needs. Default: false (legacy
	// logging on, into LogBucket under LogFilePrefix).
	NoLegacyLogging bool
	// LogRetention of a new log bucket. Default: 90 days.
	LogRetention awscdk.Duration
	// Comment of the distribution. Default: a sentence saying what it is.
	Comment *string
	// DomainNames the distribution answers for: the API's public names,
	// whose DNS will point here. Requires Certificate. Default: none (only
	// the *.cloudfront.net name works).
	DomainNames *[]*string
	// Certificate for DomainNames, an ACM certificate in us-east-1. Default: none.
	Certificate awscertificatemanager.ICertificate
	// WebAclId is the ARN of an AWS WAFv2 web ACL (scope CLOUDFRONT, made
	// in us-east-1) inspecting every request, the monolith's included.
	// Default: none.
	WebAclId *string
	// SecurityHeaders added to API routes' answers. Default: on (see
	// SecurityHeaders), never replacing a header the answer has.
	SecurityHeaders *SecurityHeaders
}

// ApiRouteOptions configures one route sent to API Gateway.
type ApiRouteOptions struct {
	// Cache mode. Default: CacheNone.
	Cache CacheMode
	// CacheTtl is the default TTL for CachePerToken and CachePublic (an
	// origin Cache-Control header still wins). Default: 60 seconds.
	CacheTtl awscdk.Duration
	// CacheQueryKeys are the query strings in the cache key of a cached
	// route: the ones its answer depends on. Every query string still
	// reaches API Gateway; others only make no new cache entry, so a
	// made-up key cannot push requests past the cache. Required (an empty
	// list for none) with CachePerToken or CachePublic, unless CachePolicy
	// is given: neither every key (a free cache bypass) nor none (?page=2
	// served ?page=1's answer) is a safe guess. At most 10.
	CacheQueryKeys *[]*string
	// CacheCookies are the cookies in a CachePerToken cache key besides
	// Authorization: the session cookies that identify a caller when the
	// credential is a cookie. At most 10. Default: none.
	CacheCookies *[]*string
	// AllowedMethods at the edge. Default: all methods.
	AllowedMethods awscloudfront.AllowedMethods
	// CachePolicy overrides the policy Cache and CacheTtl would make (escape
	// hatch, e.g. to key on a session cookie). Default: from Cache.
	CachePolicy awscloudfront.ICachePolicy
	// OriginRequestPolicy overrides what is forwarded to API Gateway; it must
	// not forward Host. Default: AllViewerExceptHostHeader uncached; cached,
	// every header but Host and only the cache key's query strings and
	// cookies (what the answer may depend on is what it is keyed on).
	OriginRequestPolicy awscloudfront.IOriginRequestPolicy
	// Cors of the routes behind the pattern: every answer to a browser of
	// an allowed origin carries the CORS headers (in the behaviour's
	// response headers policy, with the security headers), and OPTIONS is
	// allowed. The preflight itself is answered by the viewer-request
	// function given the same policy (CutoverRoute.Cors). Default: none.
	Cors *cors.Policy
	// ResponseHeadersPolicy overrides the policy SecurityHeaders and Cors
	// would make (escape hatch). Default: from them.
	ResponseHeadersPolicy awscloudfront.IResponseHeadersPolicy
}

// EdgeDistribution is the CloudFront distribution of a strangler-fig
// migration: the monolith stays the default behaviour and each migrated
// path pattern goes to API Gateway, never forwarding Host (API Gateway
// rejects a foreign Host) and caching only in ways that cannot mix callers.
type EdgeDistribution struct {
	awsconstructs.Construct
	// Distribution is the underlying distribution (escape hatch).
	Distribution awscloudfront.Distribution
	// LogBucket receives the access logs the migration planner reads.
	LogBucket awss3.IBucket
	// QueryStrings is the function run on API routes: made with the
	// distribution when Api is set and ApiFunctionAssociations is not (else
	// nil), so rolling the last route back does not remove it.
	QueryStrings *QueryStringFunction
	// ForwardedHost is the function on the monolith's behaviours: made
	// unless LegacyFunctionAssociations is given (else nil).
	ForwardedHost *ForwardedHostFunction

	props        *EdgeDistributionProps
	problems     *problems
	legacyOrigin awscloudfront.IOrigin
	apiOrigin    awscloudfront.IOrigin
	readOrigin   awscloudfront.IOrigin // API Gateway, failing over to the monolith
	apiFunctions *[]*awscloudfront.FunctionAssociation
	// legacyFunctions run on the monolith's behaviours.
	legacyFunctions     *[]*awscloudfront.FunctionAssociation
	cachePolicy         map[string]awscloudfront.ICachePolicy
	originRequestPolicy map[string]awscloudfront.IOriginRequestPolicy
	patterns            map[string]bool
	responseHeaders     responseHeaders
}

// NewEdgeDistribution creates the distribution, its legacy default
// behaviour and its log bucket. Add routes with AddApiRoute and
// AddLegacyRoute, most specific first: CloudFront takes the first match.
func NewEdgeDistribution(scope awsconstructs.Construct, id *string, props *EdgeDistributionProps) *EdgeDistribution {
	if props == nil || (props.LegacyDomainName == nil && props.LegacyOrigin == nil) {
		panic(fmt.Sprintf("%s: EdgeDistributionProps needs LegacyDomainName, the monolith's origin host", constructPath(scope, id)))
	}
	copied := *props // defaults taken from ProxyApi fill this copy, not the caller's props
	props = &copied
	this := &EdgeDistribution{Construct: awsconstructs.NewConstruct(scope, id), props: props, cachePolicy: map[string]awscloudfront.ICachePolicy{}, originRequestPolicy: map[string]awscloudfront.IOriginRequestPolicy{}}
	this.problems = newProblems(this.Construct)
	if d := props.LegacyDomainName; props.LegacyOrigin == nil && !*awscdk.Token_IsUnresolved(d) {
		if err := routing.CheckDomainName(*d); err != nil {
			this.problems.add("LegacyDomainName %v", err)
		}
	}
	this.legacyOrigin = props.LegacyOrigin
	if this.legacyOrigin == nil {
		protocol := props.LegacyProtocolPolicy
		if protocol == "" {
			protocol = awscloudfront.OriginProtocolPolicy_HTTPS_ONLY
		}
		this.legacyOrigin = awscloudfrontorigins.NewHttpOrigin(props.LegacyDomainName, &awscloudfrontorigins.HttpOriginProps{
			ProtocolPolicy: protocol,
			ReadTimeout:    props.LegacyReadTimeout,
			CustomHeaders:  props.LegacyOriginHeaders,
			// A fixed ID, by which a function may send a request here
			// (cf.selectRequestOriginById; see CutoverFunction).
			OriginId: jsii.String(LegacyOriginId),
		})
	}
	this.LogBucket = props.LogBucket
	if this.LogBucket == nil {
		retention := props.LogRetention
		if retention == nil {
			retention = awscdk.Duration_Days(jsii.Number(90))
		}
		ownership := awss3.ObjectOwnership_BUCKET_OWNER_PREFERRED
		if props.NoLegacyLogging {
			ownership = awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED
		}
		this.LogBucket = awss3.NewBucket(this.Construct, jsii.String("AccessLogs"), &awss3.BucketProps{
			Encryption:        awss3.BucketEncryption_S3_MANAGED,
			BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
			EnforceSSL:        jsii.Bool(true),
			// CloudFront legacy standard logging writes with ACLs.
			ObjectOwnership: ownership,
			LifecycleRules:  &[]*awss3.LifecycleRule{{Expiration: retention}},
			RemovalPolicy:   awscdk.RemovalPolicy_RETAIN_ON_UPDATE_OR_DELETE,
		})
		SuppressNag(this.LogBucket.Node().DefaultChild(), NagSuppression{ID: "AwsSolutions-S1",
			Reason: "This bucket is itself an access log destination (CloudFront standard logs); logging its reads into another bucket would need one more bucket with the same finding."})
	}
	legacyCache := props.LegacyCachePolicy
	if legacyCache == nil {
		legacyCache = awscloudfront.CachePolicy_CACHING_DISABLED()
	}
	legacyRequest := props.LegacyOriginRequestPolicy
	if legacyRequest == nil {
		legacyRequest = awscloudfront.OriginRequestPolicy_ALL_VIEWER_EXCEPT_HOST_HEADER()
	}
	if (props.DomainNames == nil) != (props.Certificate == nil) {
		panic(fmt.Sprintf("%s: DomainNames and Certificate go together: CloudFront serves a name only with a certificate for it", constructPath(scope, id)))
	}
	this.legacyFunctions = props.LegacyFunctionAssociations
	if this.legacyFunctions == nil {
		this.ForwardedHost = NewForwardedHostFunction(this.Construct, jsii.String("ForwardedHost"))
		this.legacyFunctions = &[]*awscloudfront.FunctionAssociation{this.ForwardedHost.Association()}
	}
	var minTLS awscloudfront.SecurityPolicyProtocol
	if props.Certificate != nil {
		minTLS = awscloudfront.SecurityPolicyProtocol_TLS_V1_2_2021
	}
	legacyLogBucket, legacyLogPrefix := this.LogBucket, orString(props.LogFilePrefix, "cloudfront/")
	if props.NoLegacyLogging {
		legacyLogBucket, legacyLogPrefix = nil, nil
	}
	this.Distribution = awscloudfront.NewDistribution(this.Construct, jsii.String("Distribution"), &awscloudfront.DistributionProps{
		DomainNames:            props.DomainNames,
		Certificate:            props.Certificate,
		MinimumProtocolVersion: minTLS,
		Comment:                orString(props.Comment, "Strangler-fig migration: the monolith by default, migrated routes to API Gateway"),
		DefaultBehavior: &awscloudfront.BehaviorOptions{
			Origin:               this.legacyOrigin,
			AllowedMethods:       awscloudfront.AllowedMethods_ALLOW_ALL(),
			CachePolicy:          legacyCache,
			OriginRequestPolicy:  legacyRequest,
			ViewerProtocolPolicy: awscloudfront.ViewerProtocolPolicy_REDIRECT_TO_HTTPS,
			FunctionAssociations: this.legacyFunctions,
		},
		EnableLogging: jsii.Bool(!props.NoLegacyLogging),
		LogBucket:     legacyLogBucket,
		LogFilePrefix: legacyLogPrefix,
		HttpVersion:   awscloudfront.HttpVersion_HTTP2_AND_3,
		WebAclId:      props.WebAclId,
	})
	this.suppressNag()
	this.apiFunctions = props.ApiFunctionAssociations
	if props.ProxyApi != nil {
		if props.Api == nil {
			props.Api = props.ProxyApi.Api
		}
		if props.ApiOriginHeaders == nil && len(props.ProxyApi.OriginHeaders) > 0 {
			props.ApiOriginHeaders = &props.ProxyApi.OriginHeaders
		}
		if props.ProxyApi.UsagePlan != nil {
			// CloudFront sends a key only once API Gateway accepts it (a new
			// key replaces the old one after the distribution is updated).
			this.Distribution.Node().AddDependency(props.ProxyApi.UsagePlan)
		}
	}
	this.Node().AddValidation(&edgeValidation{d: this})
	if (props.Api != nil || props.ApiOrigin != nil) && this.apiFunctions == nil {
		this.QueryStrings = NewQueryStringFunction(this.Construct, jsii.String("QueryStrings"), nil)
		this.apiFunctions = &[]*awscloudfront.FunctionAssociation{this.QueryStrings.Association()}
	}
	if props.Api != nil || props.ApiOrigin != nil {
		this.ResponseHeadersPolicyFor(nil) // kept when the last API route is rolled back
	}
	return this
}

// suppressNag waives the cdk-nag rules this design answers otherwise.
func (d *EdgeDistribution) suppressNag() {
	waived := []NagSuppression{{ID: "AwsSolutions-CFR1",
		Reason: "The distribution fronts the whole monolith, not just migrated routes: where callers may come from is the monolith's existing policy, which a migration must not change."}}
	if d.props.WebAclId == nil {
		waived = append(waived, NagSuppression{ID: "AwsSolutions-CFR2",
			Reason: "No WebAclId given: a CloudFront web ACL lives in us-east-1 and its rules and per-request price are the owner's choice, made once for the monolith and the migrated routes; pass EdgeDistributionProps.WebAclId (the migration stack: cloudFront.webAclArn in the manifest) to attach one."})
	}
	if d.props.Certificate == nil {
		waived = append(waived, NagSuppression{ID: "AwsSolutions-CFR4",
			Reason: "Without DomainNames and Certificate the distribution answers on its *.cloudfront.net name, whose default certificate CloudFront serves with TLSv1 allowed and no choice of security policy; with a certificate the minimum is TLSv1.2_2021."})
	}
	SuppressNag(d.Distribution.Node().DefaultChild(), waived...)
}

// AddApiRoute sends requests matching pathPattern (CloudFront syntax,
// e.g. "/user/*") to API Gateway.
func (d *EdgeDistribution) AddApiRoute(pathPattern string, opts *ApiRouteOptions) {
	d.checkPattern(pathPattern)
	if d.props.Api == nil && d.props.ApiOrigin == nil {
		panic(fmt.Sprintf("%s: AddApiRoute(%q) needs EdgeDistributionProps.Api", *d.Node().Path(), pathPattern))
	}
	if opts == nil {
		opts = &ApiRouteOptions{}
	}
	if d.apiOrigin == nil {
		d.apiOrigin = d.makeApiOrigin()
	}
	methods := opts.AllowedMethods
	if methods == nil {
		methods = awscloudfront.AllowedMethods_ALLOW_ALL()
	}
	if opts.Cors != nil && len(*methods.Methods()) == 2 {
		// GET and HEAD: a browser's preflight must get past CloudFront.
		methods = awscloudfront.AllowedMethods_ALLOW_GET_HEAD_OPTIONS()
	}
	headers := opts.ResponseHeadersPolicy
	if headers == nil {
		headers = d.ResponseHeadersPolicyFor(opts.Cors)
	}
	origin := d.apiOrigin
	if readOnly(methods) && (d.props.ReadFailover == nil || *d.props.ReadFailover) {
		if d.readOrigin == nil {
			d.readOrigin = awscloudfrontorigins.NewOriginGroup(&awscloudfrontorigins.OriginGroupProps{
				PrimaryOrigin:       d.apiOrigin,
				FallbackOrigin:      d.legacyOrigin,
				FallbackStatusCodes: &[]*float64{jsii.Number(500), jsii.Number(502), jsii.Number(503), jsii.Number(504)},
			})
		}
		origin = d.readOrigin
	}
	cache := opts.CachePolicy
	if cache == nil {
		cache = d.cachePolicyFor(pathPattern, opts)
	}
	request := opts.OriginRequestPolicy
	if request == nil {
		request = d.originRequestPolicyFor(opts)
	}
	d.Distribution.AddBehavior(jsii.String(pathPattern), origin, &awscloudfront.AddBehaviorOptions{
		AllowedMethods: methods,
		CachePolicy:    cache,
		// Everything the viewer sent but Host: API Gateway answers 403 to a
		// Host that is not its own. (With caching on, Authorization still
		// reaches the origin because per-token puts it in the cache key.)
		OriginRequestPolicy:   request,
		ViewerProtocolPolicy:  awscloudfront.ViewerProtocolPolicy_REDIRECT_TO_HTTPS,
		FunctionAssociations:  d.apiFunctions,
		ResponseHeadersPolicy: headers,
	})
}

// checkPattern reports a path pattern CloudFront would refuse, or match
// other than meant (an API Gateway template), and one given twice.
func (d *EdgeDistribution) checkPattern(p string) {
	if err := routing.CheckPattern(p); err != nil {
		d.problems.add("%v", err)
	}
	if d.patterns == nil {
		d.patterns = map[string]bool{}
	}
	if d.patterns[p] {
		d.problems.add("path pattern %q added twice; CloudFront has one behaviour per pattern", p)
	}
	d.patterns[p] = true
}

// makeApiOrigin: ApiOrigin, or API Gateway's regional endpoint with the
// stage as the origin path.
func (d *EdgeDistribution) makeApiOrigin() awscloudfront.IOrigin {
	if d.props.ApiOrigin != nil {
		return d.props.ApiOrigin
	}
	timeout := orDuration(d.props.ApiReadTimeout, seconds(awslimits.CloudFrontOriginResponseTimeoutSeconds))
	if api, ok := d.props.Api.(awsapigateway.RestApi); ok && d.props.ApiStageName == nil && api.DeploymentStage() != nil {
		return awscloudfrontorigins.NewRestApiOrigin(api, &awscloudfrontorigins.RestApiOriginProps{
			ReadTimeout: timeout, CustomHeaders: d.props.ApiOriginHeaders,
		})
	}
	if d.props.ApiStageName == nil {
		panic(fmt.Sprintf("%s: EdgeDistributionProps.Api has no deployment stage (an imported API): give ApiStageName", *d.Node().Path()))
	}
	stack := awscdk.Stack_Of(d.Construct)
	domain := awscdk.Fn_Join(jsii.String(""), &[]*string{d.props.Api.RestApiId(), jsii.String(".execute-api."), stack.Region(), jsii.String("."), stack.UrlSuffix()})
	return awscloudfrontorigins.NewHttpOrigin(domain, &awscloudfrontorigins.HttpOriginProps{
		OriginPath:  awscdk.Fn_Join(jsii.String(""), &[]*string{jsii.String("/"), d.props.ApiStageName}),
		ReadTimeout: timeout, CustomHeaders: d.props.ApiOriginHeaders,
	})
}

// edgeValidation reports, at synth, what would make the distribution fail
// its callers: an API whose methods require an API key that it does not
// send, a read timeout shorter than API Gateway's integration timeout.
type edgeValidation struct{ d *EdgeDistribution }

func (v *edgeValidation) Validate() *[]*string {
	var out []*string
	p := v.d.props
	api, isRestApi := p.Api.(awsapigateway.RestApi)
	if isRestApi && p.ApiOrigin == nil && v.d.apiOrigin != nil && !sendsHeader(p.ApiOriginHeaders, "x-api-key") {
		for _, m := range *api.Methods() {
			if cfn, ok := m.Node().DefaultChild().(awsapigateway.CfnMethod); ok && cfn.ApiKeyRequired() != nil && isTrue(cfn.ApiKeyRequired()) {
				out = append(out, jsii.String(fmt.Sprintf("%s sends no x-api-key header to %s, whose methods require an API key (e.g. %s): every migrated request would get 403; pass EdgeDistributionProps.ProxyApi, or the key in ApiOriginHeaders",
					*v.d.Node().Path(), *api.Node().Path(), *m.Node().Path())))
				break
			}
		}
	}
	if p.ProxyApi != nil && p.ApiReadTimeout != nil && !*awscdk.Token_IsUnresolved(p.ApiReadTimeout.ToSeconds(nil)) {
		if read, integration := *p.ApiReadTimeout.ToSeconds(nil), *p.ProxyApi.IntegrationTimeout.ToSeconds(nil); read < integration {
			out = append(out, jsii.String(fmt.Sprintf("%s: ApiReadTimeout %gs is shorter than %s's integration timeout %gs: CloudFront would give up on answers API Gateway still waits for; make it at least %gs",
				*v.d.Node().Path(), read, *p.ProxyApi.Node().Path(), integration, integration)))
		}
	}
	return &out
}

func sendsHeader(h *map[string]*string, name string) bool {
	if h == nil {
		return false
	}
	for k := range *h {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// isTrue reads a CloudFormation boolean property, which jsii gives as a
// bool or an IResolvable.
func isTrue(v any) bool {
	b, ok := v.(*bool)
	if ok {
		return b != nil && *b
	}
	bb, ok := v.(bool)
	return ok && bb
}

// AddLegacyRoute keeps requests matching pathPattern on the monolith. It is
// needed only where an API route's pattern would also match them.
func (d *EdgeDistribution) AddLegacyRoute(pathPattern string) {
	d.checkPattern(pathPattern)
	d.Distribution.AddBehavior(jsii.String(pathPattern), d.legacyOrigin, &awscloudfront.AddBehaviorOptions{
		AllowedMethods:       awscloudfront.AllowedMethods_ALLOW_ALL(),
		CachePolicy:          orCachePolicy(d.props.LegacyCachePolicy),
		OriginRequestPolicy:  orRequestPolicy(d.props.LegacyOriginRequestPolicy),
		ViewerProtocolPolicy: awscloudfront.ViewerProtocolPolicy_REDIRECT_TO_HTTPS,
		FunctionAssociations: d.legacyFunctions,
	})
}

// readOnly: the behaviour allows only GET and HEAD, maybe OPTIONS.
func readOnly(m awscloudfront.AllowedMethods) bool {
	n := len(*m.Methods())
	return n > 0 && n <= 3 && !slices.ContainsFunc(*m.Methods(), func(s *string) bool {
		return *s != "GET" && *s != "HEAD" && *s != "OPTIONS"
	})
}

func orCachePolicy(p awscloudfront.ICachePolicy) awscloudfront.ICachePolicy {
	if p == nil {
		return awscloudfront.CachePolicy_CACHING_DISABLED()
	}
	return p
}

func orRequestPolicy(p awscloudfront.IOriginRequestPolicy) awscloudfront.IOriginRequestPolicy {
	if p == nil {
		return awscloudfront.OriginRequestPolicy_ALL_VIEWER_EXCEPT_HOST_HEADER()
	}
	return p
}

// MetricRequests counts viewer requests.
func (d *EdgeDistribution) MetricRequests(props *awscloudwatch.MetricOptions) awscloudwatch.Metric {
	return d.metric("Requests", props, "Sum")
}

// Metric5xxErrorRate is the percentage of viewer requests answered 5xx.
func (d *EdgeDistribution) Metric5xxErrorRate(props *awscloudwatch.MetricOptions) awscloudwatch.Metric {
	return d.metric("5xxErrorRate", props, "Average")
}

// metric is a CloudFront metric as CloudFront publishes it: in us-east-1
// only, with the dimensions DistributionId and Region=Global (a metric
// missing the second never has data).
func (d *EdgeDistribution) metric(name string, props *awscloudwatch.MetricOptions, statistic string) awscloudwatch.Metric {
	o := withDefaults(props, statistic)
	return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
		Namespace:     jsii.String(awslimits.CloudFrontMetricNamespace),
		MetricName:    jsii.String(name),
		DimensionsMap: &map[string]*string{"DistributionId": d.Distribution.DistributionId(), "Region": jsii.String("Global")},
		Region:        jsii.String("us-east-1"),
		Statistic:     o.Statistic,
		Period:        o.Period,
		Label:         o.Label,
		Color:         o.Color,
		Unit:          o.Unit,
	})
}
