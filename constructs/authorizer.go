package constructs

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
)

// JwtSettings say which tokens a CallerAuthorizer accepts.
type JwtSettings struct {
	// Issuer the token's iss must equal. Required.
	Issuer string
	// Audiences, one of which the token's aud must name. Required.
	Audiences []string
	// JwksUrl of the issuer's public keys. Required.
	JwksUrl string
	// Algorithms accepted. Default: RS256.
	Algorithms []string
	// ClockSkew allowed on exp, nbf and iat. Default: none.
	ClockSkew awscdk.Duration
}

// DelegateSettings name the monolith's session endpoint a CallerAuthorizer asks.
type DelegateSettings struct {
	// Url of the endpoint: 200 {"sub": ..., "scope": ...} or 401/403. Required.
	Url string
	// OriginHeaderName and OriginSecret: the header and secret value the
	// monolith checks to know the call came from CloudFront's side
	// (OriginSecret). Default: none.
	OriginHeaderName string
	OriginSecret     awssecretsmanager.ISecret
	// OriginSecretArn and OriginSecretReadArns, when set, replace
	// OriginSecret: the ARN to read (e.g. OriginSecret.SecretArn, a
	// rotation's Fn::If) and every ARN it may become (read permission on
	// all, so a switch never outruns the policy). Default: OriginSecret's.
	OriginSecretArn      *string
	OriginSecretReadArns []*string
	// SessionCookies, with Header "Cookie", are the cookies that identify
	// a caller: only they go to the endpoint (as a per-token cache key
	// holds only them). Default: none (the whole Cookie header goes).
	SessionCookies []string
}

// CallerAuthorizerProps configure a CallerAuthorizer. Api, Entry (or Code),
// and Jwt or Delegate are required.
type CallerAuthorizerProps struct {
	// Api whose gateway responses say 503 when the authorizer cannot check
	// a credential. Required.
	Api awsapigateway.IRestApi
	// Entry is the folder of the authorizer's Go main package
	// (lambdas/caller-auth), built with GoCode. Required unless Code is given.
	Entry *string
	// Code overrides the Go build (escape hatch).
	Code awslambda.Code
	// Jwt: check signed JWTs against the issuer's JWKS.
	Jwt *JwtSettings
	// Delegate: ask the monolith's session endpoint.
	Delegate *DelegateSettings
	// Header holding the credential: the authorizer's identity source and
	// cache key. Default: "Authorization".
	Header *string
	// ResultsCacheTtl keeps an answer per credential (0 to 1 hour).
	// Default: 5 minutes, API Gateway's.
	ResultsCacheTtl awscdk.Duration
	// LogRetention of the function's log group. Default: one month.
	LogRetention awslogs.RetentionDays
	// Tracing turns on X-Ray active tracing of the authorizer function.
	// Default: true.
	Tracing *bool
}

// CallerAuthorizer authenticates callers before a route's function runs:
// an API Gateway REQUEST authorizer backed by a Go Lambda
// (lambdas/caller-auth). A request without the header is refused with 401
// by API Gateway itself (the function is not even invoked); a bad
// credential is a 401; a credential that cannot be checked (JWKS or
// session endpoint down) is a 503, never a pass. Answers are cached per
// credential for ResultsCacheTtl, with a policy on the whole stage.
//
// The function has no reserved concurrency: it serves every request whose
// answer is not cached, for every authenticated route, so a cap would
// refuse callers at the cap (API Gateway answers 500/503) however idle the
// routes' own functions are; the stage throttle bounds it instead. It runs
// outside the VPC: it reaches only the issuer's JWKS or the monolith's
// public name, never the database.
type CallerAuthorizer struct {
	awsconstructs.Construct
	// Authorizer to give RouteOptions.Authorizer.
	Authorizer awsapigateway.RequestAuthorizer
	// Function is the authorizer Lambda (escape hatch).
	Function awslambda.Function
	// LogGroup of the function: who was refused and why, never a credential.
	LogGroup awslogs.LogGroup
}

// NewCallerAuthorizer creates the function, its role and log group, the
// authorizer and the API's 503 gateway responses.
func NewCallerAuthorizer(scope awsconstructs.Construct, id *string, props *CallerAuthorizerProps) *CallerAuthorizer {
	if props == nil || props.Api == nil || (props.Jwt == nil) == (props.Delegate == nil) {
		panic(fmt.Sprintf("%s: CallerAuthorizerProps needs Api and exactly one of Jwt or Delegate", constructPath(scope, id)))
	}
	code := props.Code
	if code == nil {
		if props.Entry == nil {
			panic(fmt.Sprintf("%s: CallerAuthorizerProps needs Entry (the caller-auth main package folder) or Code", constructPath(scope, id)))
		}
		code = GoCode(*props.Entry)
	}
	header := *orString(props.Header, "Authorization")
	this := &CallerAuthorizer{Construct: awsconstructs.NewConstruct(scope, id)}
	this.LogGroup = awslogs.NewLogGroup(this.Construct, jsii.String("Logs"), &awslogs.LogGroupProps{
		Retention:     orOneMonth(props.LogRetention),
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN_ON_UPDATE_OR_DELETE,
	})
	statements := []awsiam.PolicyStatement{statement("WriteOwnLogs", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, this.LogGroup.LogGroupArn(), nil)}
	env := map[string]*string{"AUTH_HEADER": jsii.String(header)}
	mode := "jwt"
	if j := props.Jwt; j != nil {
		if j.Issuer == "" || len(j.Audiences) == 0 || j.JwksUrl == "" {
			panic(fmt.Sprintf("%s: JwtSettings need Issuer, Audiences and JwksUrl", constructPath(scope, id)))
		}
		algs := j.Algorithms
		if len(algs) == 0 {
			algs = []string{"RS256"}
		}
		env["JWT_ISSUER"] = jsii.String(j.Issuer)
		env["JWT_AUDIENCES"] = jsii.String(strings.Join(j.Audiences, ","))
		env["JWT_JWKS_URL"] = jsii.String(j.JwksUrl)
		env["JWT_ALGORITHMS"] = jsii.String(strings.Join(algs, ","))
		if j.ClockSkew != nil {
			env["JWT_CLOCK_SKEW_SECONDS"] = jsii.String(fmt.Sprint(*j.ClockSkew.ToSeconds(nil)))
		}
	} else {
		d := props.Delegate
		mode = "delegate"
		env["DELEGATE_URL"] = jsii.String(d.Url)
		if len(d.SessionCookies) > 0 {
			env["SESSION_COOKIES"] = jsii.String(strings.Join(d.SessionCookies, ","))
		}
		switch {
		case d.OriginSecretArn != nil:
			env["ORIGIN_HEADER"] = jsii.String(d.OriginHeaderName)
			env["ORIGIN_SECRET_ARN"] = d.OriginSecretArn
			statements = append(statements, awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Sid: jsii.String("ReadOriginSecret"), Actions: jsii.Strings("secretsmanager:GetSecretValue"), Resources: &d.OriginSecretReadArns,
			}))
		case d.OriginSecret != nil:
			env["ORIGIN_HEADER"] = jsii.String(d.OriginHeaderName)
			env["ORIGIN_SECRET_ARN"] = d.OriginSecret.SecretArn()
			statements = append(statements, statement("ReadOriginSecret", []string{"secretsmanager:GetSecretValue"}, d.OriginSecret.SecretArn(), nil))
		}
	}
	env["AUTH_MODE"] = jsii.String(mode)
	if tracingOn(props.Tracing) {
		statements = append(statements, xrayStatement())
	}
	role := awsiam.NewRole(this.Construct, jsii.String("Role"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String(awslimits.LambdaServicePrincipal), nil),
		Description: jsii.String("Caller authorizer (" + mode + "): its own logs" + map[bool]string{true: " and the origin secret", false: ""}[props.Delegate != nil && (props.Delegate.OriginSecret != nil || props.Delegate.OriginSecretArn != nil)]),
		InlinePolicies: &map[string]awsiam.PolicyDocument{
			"Authorize": awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &statements}),
		},
	})
	this.Function = toolFunction{description: "Authenticates callers of migrated routes (" + mode + ") before their function runs", code: code, memoryMiB: 256, timeout: 10, env: env, role: role, logGroup: this.LogGroup}.make(this.Construct)
	if tracingOn(props.Tracing) {
		traceActively(this.Function) // its time is part of every request's
		SuppressNag(role, NagSuppression{ID: "AwsSolutions-IAM5", Reason: xrayNagReason, AppliesTo: []string{"Resource::*"}})
	}
	ttl := props.ResultsCacheTtl
	if ttl == nil {
		ttl = seconds(awslimits.AuthorizerResultTTLDefaultSeconds)
	}
	this.Authorizer = awsapigateway.NewRequestAuthorizer(this.Construct, jsii.String("Authorizer"), &awsapigateway.RequestAuthorizerProps{
		Handler:         this.Function,
		IdentitySources: &[]*string{awsapigateway.IdentitySource_Header(jsii.String(header))},
		ResultsCacheTtl: ttl,
	})
	addUnavailableResponses(props.Api)
	return this
}

// addUnavailableResponses makes API Gateway answer 503 (not 500) when an
// authorizer fails: the credential could not be checked, the caller may
// retry, and CloudFront's read failover sends GETs to the monolith, which
// authenticates them itself. Once per API.
func addUnavailableResponses(api awsapigateway.IRestApi) {
	// A slice, not a map: the order of creation is the template's order
	// and part of the deployment's hash, which must not change from one
	// synth to the next.
	for _, r := range []struct {
		id string
		t  awsapigateway.ResponseType
	}{
		{"AuthorizerConfigurationError", awsapigateway.ResponseType_AUTHORIZER_CONFIGURATION_ERROR()},
		{"AuthorizerFailure", awsapigateway.ResponseType_AUTHORIZER_FAILURE()},
	} {
		id, t := r.id, r.t
		scope, ok := api.(awsconstructs.Construct)
		if !ok || scope.Node().TryFindChild(jsii.String(id)) != nil {
			continue
		}
		awsapigateway.NewGatewayResponse(scope, jsii.String(id), &awsapigateway.GatewayResponseProps{
			RestApi:    api,
			Type:       t,
			StatusCode: jsii.String("503"),
			ResponseHeaders: &map[string]*string{
				"Retry-After": jsii.String("'5'"),
			},
			Templates: &map[string]*string{
				"application/json": jsii.String(`{"message":"authentication is unavailable; retry shortly"}`),
			},
		})
	}
}
