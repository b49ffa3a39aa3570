package constructs_test

import (
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// A WebAcl logs every request into aws-waf-logs-<stack>-<uuid> (its ARN
// without CDK's ":*"), Authorization, Cookie, x-api-key and the extra
// headers redacted, once each; NoLogging makes neither.
func TestWebAclLogging(t *testing.T) {
	stack := newTestStack(t, nil)
	acl := constructs.NewWebAcl(stack, jsii.String("Firewall"), &constructs.WebAclProps{
		Logging: &constructs.WebAclLoggingProps{RedactedHeaders: []string{"X-Origin-Verify", "Cookie"}},
	})
	if got := strings.Join(acl.Logs.Redacted, ","); got != "authorization,cookie,x-api-key,x-origin-verify" {
		t.Errorf("redacted %s", got)
	}
	tpl := templateOf(t, stack)
	aclID, _ := tpl.only("AWS::WAFv2::WebACL", nil)
	groupID, group := tpl.only("AWS::Logs::LogGroup", nil)
	if name := jsonString(properties(group)["LogGroupName"]); !strings.Contains(name, `["aws-waf-logs-Stack-",{"Fn::Select":[2,{"Fn::Split":["/",{"Ref":"AWS::StackId"}]}]}]`) {
		t.Errorf("log group name %s", name)
	}
	if group["DeletionPolicy"] != "RetainExceptOnCreate" || properties(group)["RetentionInDays"] != float64(30) {
		t.Errorf("log group %s", jsonString(group))
	}
	_, cfg := tpl.only("AWS::WAFv2::LoggingConfiguration", nil)
	p := properties(cfg)
	if got := jsonString(p["ResourceArn"]); got != jsonString(getAtt(aclID, "Arn")) {
		t.Errorf("ResourceArn %s", got)
	}
	dest := jsonString(p["LogDestinationConfigs"])
	if !strings.Contains(dest, `":logs:"`) || !strings.Contains(dest, `":log-group:",{"Ref":"`+groupID+`"}`) || strings.Contains(dest, ":*") {
		t.Errorf("LogDestinationConfigs %s", dest)
	}
	if got := jsonString(p["RedactedFields"]); got != `[{"SingleHeader":{"Name":"authorization"}},{"SingleHeader":{"Name":"cookie"}},{"SingleHeader":{"Name":"x-api-key"}},{"SingleHeader":{"Name":"x-origin-verify"}}]` {
		t.Errorf("RedactedFields %s", got)
	}

	off := newTestStack(t, nil)
	if acl := constructs.NewWebAcl(off, jsii.String("Firewall"), &constructs.WebAclProps{NoLogging: jsii.Bool(true)}); acl.Logs != nil {
		t.Error("NoLogging made a log")
	}
	templateOf(t, off).count("AWS::WAFv2::LoggingConfiguration", 0)
}
