// Command floorapp is the floor of synth time: a Go CDK app with one SNS
// topic and the built-in CloudFormation validation off. What it costs is
// Node, aws-cdk-lib and jsii starting and writing a cloud assembly; the
// synth benchmark reports the real app's figures as multiples of it.
//
//	go build -o /tmp/floorapp ./internal/floorapp && CDK_OUTDIR=$(mktemp -d) /tmp/floorapp
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/jsii-runtime-go"
)

func main() {
	app := awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false)})
	stack := awscdk.NewStack(app, jsii.String("Floor"), nil)
	awssns.NewTopic(stack, jsii.String("Topic"), nil)
	app.Synth(nil)
	jsii.Close()
}
