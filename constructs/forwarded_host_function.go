package constructs

import (
	_ "embed"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

//go:embed forwarded_host_function.js
var forwardedHostFunctionCode string

// ForwardedHostFunctionCode is the source of the ForwardedHostFunction.
func ForwardedHostFunctionCode() string { return forwardedHostFunctionCode }

// forwardHostSource is the forwardHost helper alone, for other functions
// (the cut-over function) to include.
func forwardHostSource() string {
	start := strings.Index(forwardedHostFunctionCode, "function forwardHost(")
	end := strings.Index(forwardedHostFunctionCode, "function handler(")
	return forwardedHostFunctionCode[start:end]
}

// ForwardedHostFunction is a CloudFront Function (viewer request) setting
// X-Forwarded-Host to the Host the viewer reached CloudFront on (one of the
// distribution's names), overwriting any X-Forwarded-Host the viewer sent:
// the monolith can then trust it for links and redirects.
type ForwardedHostFunction struct {
	awsconstructs.Construct
	// Function is the underlying CloudFront Function, published to LIVE.
	Function awscloudfront.Function
}

// NewForwardedHostFunction defines a ForwardedHostFunction in scope.
func NewForwardedHostFunction(scope awsconstructs.Construct, id *string) *ForwardedHostFunction {
	this := awsconstructs.NewConstruct(scope, id)
	fn := awscloudfront.NewFunction(this, jsii.String("Function"), &awscloudfront.FunctionProps{
		Code:        awscloudfront.FunctionCode_FromInline(jsii.String(forwardedHostFunctionCode)),
		Runtime:     awscloudfront.FunctionRuntime_JS_2_0(),
		Comment:     jsii.String("X-Forwarded-Host is the public name the viewer reached, never what the viewer sent"),
		AutoPublish: jsii.Bool(true),
	})
	return &ForwardedHostFunction{Construct: this, Function: fn}
}

// Association is this function on the VIEWER_REQUEST event.
func (f *ForwardedHostFunction) Association() *awscloudfront.FunctionAssociation {
	return &awscloudfront.FunctionAssociation{EventType: awscloudfront.FunctionEventType_VIEWER_REQUEST, Function: f.Function}
}
