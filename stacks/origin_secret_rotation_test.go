package stacks_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/constructs"
)

// A monolith origin secret rotated every 30 days, with a delegate
// authorizer and a `via: api-gateway` route: every reader of the value
// (CloudFront, the API's route to the monolith, the authorizer) takes the
// active slot's.
const rotatingOriginSecretManifest = `
legacy:
  domainName: legacy.example.com
  originSecret: {rotationDays: 30, refreshHours: 2}
routes:
  - path: /users/{userId}
    function: api-orders
  - path: /users/{userId}/consents
    target: legacy
    via: api-gateway
`

// resolveIf replaces every {"Fn::If": [condition, a, b]} of v by a when
// conditions[condition], else b: the template as CloudFormation sees it
// for given parameter values.
func resolveIf(v any, conditions map[string]bool) any {
	switch x := v.(type) {
	case map[string]any:
		if args, ok := x["Fn::If"].([]any); ok && len(args) == 3 {
			if conditions[args[0].(string)] {
				return resolveIf(args[1], conditions)
			}
			return resolveIf(args[2], conditions)
		}
		out := map[string]any{}
		for k, e := range x {
			out[k] = resolveIf(e, conditions)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = resolveIf(e, conditions)
		}
		return out
	}
	return v
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestOriginSecretRotationFromManifest(t *testing.T) {
	tp := synth(t, fixture(t, rotatingOriginSecretManifest))
	params := tp.json["Parameters"].(map[string]any)
	for name, want := range map[string]string{
		constructs.OriginSecretSlotAParameter:  `{"Default":0,"Description":"Unix time the monolith origin secret's slot A was made (0: by a deploy): set by its rotation, which replaces the slot's secret by raising it; deploys keep it","MinValue":0,"Type":"Number"}`,
		constructs.OriginSecretSlotBParameter:  `{"Default":0,"Description":"Unix time the monolith origin secret's slot B was made (0: by a deploy): set by its rotation, which replaces the slot's secret by raising it; deploys keep it","MinValue":0,"Type":"Number"}`,
		constructs.OriginSecretActiveParameter: `{"AllowedValues":["A","B"],"Default":"A","Description":"The monolith origin secret's slot CloudFront and the rest send: switched by its rotation; deploys keep it","Type":"String"}`,
	} {
		if got := jsonOf(t, params[name]); got != want {
			t.Errorf("parameter %s = %s, want %s", name, got, want)
		}
	}
	if got := jsonOf(t, tp.json["Conditions"].(map[string]any)[constructs.OriginSecretSlotACondition]); got != `{"Fn::Equals":[{"Ref":"MonolithOriginActive"},"A"]}` {
		t.Errorf("condition %s", got)
	}
	// The slots: named after their time parameter (raising it replaces the
	// secret), found by the prefix in the outputs.
	slots := map[string]string{} // letter -> logical ID
	for id, r := range tp.resources("AWS::SecretsManager::Secret") {
		name := jsonOf(t, r["Properties"].(map[string]any)["Name"])
		for _, l := range []string{"A", "B"} {
			if strings.Contains(name, `"ApiMigration-monolith-origin-g1-`+strings.ToLower(l)+`-t",{"Ref":"MonolithOriginSlot`+l+`"}`) {
				slots[l] = id
			}
		}
	}
	if len(slots) != 2 {
		t.Fatalf("slot secrets %v among %v", slots, tp.resources("AWS::SecretsManager::Secret"))
	}
	outputs := jsonOf(t, tp.json["Outputs"])
	for _, want := range []string{`"MonolithOriginSecretNamePrefix":{"Description":"The monolith accepts the value of every secret named with this prefix`, `"MonolithOriginSecretSlotA":`, `"MonolithOriginSecretSlotB":`} {
		if !strings.Contains(outputs, want) {
			t.Errorf("outputs lack %s: %s", want, outputs)
		}
	}
	// Each step of a rotation as CloudFormation resolves the template: with
	// A active every sender names slot A's secret only, with B slot B's.
	for active, slot := range map[bool]string{true: "A", false: "B"} {
		other := map[string]string{"A": "B", "B": "A"}[slot]
		resolved := resolveIf(tp.json["Resources"], map[string]bool{constructs.OriginSecretSlotACondition: active}).(map[string]any)
		senders := map[string]string{}
		for id, r := range resolved {
			r := r.(map[string]any)
			props := r["Properties"].(map[string]any)
			switch r["Type"] {
			case "AWS::CloudFront::Distribution":
				senders["CloudFront's origin header"] = jsonOf(t, props["DistributionConfig"].(map[string]any)["Origins"])
			case "AWS::ApiGateway::Stage":
				senders["the stage variable"] = jsonOf(t, props["Variables"])
			case "AWS::Lambda::Function":
				if env := jsonOf(t, props["Environment"]); strings.Contains(env, "ORIGIN_SECRET_ARN") {
					senders["the authorizer "+id] = env
				}
			}
		}
		if len(senders) != 3 {
			t.Fatalf("senders %v", senders)
		}
		for who, v := range senders {
			if !strings.Contains(v, `{"Ref":"`+slots[slot]+`"}`) || strings.Contains(v, `{"Ref":"`+slots[other]+`"}`) || strings.Contains(v, "Fn::If") {
				t.Errorf("slot %s active: %s sends %s", slot, who, v)
			}
		}
		if !strings.Contains(senders["CloudFront's origin header"], `"HeaderName":"X-Origin-Verify","HeaderValue":{"Fn::Join":["",["{{resolve:secretsmanager:",{"Ref":"`+slots[slot]+`"}`) {
			t.Errorf("slot %s active: origins %s", slot, senders["CloudFront's origin header"])
		}
	}
	// The route to the monolith reads the stage variable (no new deployment
	// needed when it changes); the authorizer may read both slots.
	methods := jsonOf(t, tp.resources("AWS::ApiGateway::Method"))
	if !strings.Contains(methods, `"integration.request.header.X-Origin-Verify":"stageVariables.monolithOriginSecret"`) || strings.Contains(methods, "resolve:secretsmanager") {
		t.Errorf("monolith route integration: %s", methods)
	}
	roles := jsonOf(t, tp.resources("AWS::IAM::Role"))
	if !strings.Contains(roles, `"Action":"secretsmanager:GetSecretValue","Effect":"Allow","Resource":[{"Ref":"`+slots["A"]+`"},{"Ref":"`+slots["B"]+`"}],"Sid":"ReadOriginSecret"`) {
		t.Errorf("authorizer role: %s", roles)
	}
	rules := jsonOf(t, tp.resources("AWS::Events::Rule"))
	if !strings.Contains(rules, `"ScheduleExpression":"rate(1 hour)"`) {
		t.Errorf("no hourly tick: %s", rules)
	}
	functions := jsonOf(t, tp.resources("AWS::Lambda::Function"))
	for _, want := range []string{`"ACTIVE_PARAMETER":"MonolithOriginActive"`, `"REFRESH_HOURS":"2"`, `"ROTATE_EVERY_HOURS":"720"`, `"SLOT_A_PARAMETER":"MonolithOriginSlotA"`, `"SLOT_B_PARAMETER":"MonolithOriginSlotB"`, `"STACK_NAME":"ApiMigration"`} {
		if !strings.Contains(functions, want) {
			t.Errorf("rotation function environment lacks %s", want)
		}
	}
}

// Off (the default): one secret with CloudFormation's own name, no slot
// parameter, the route to the monolith with the literal dynamic reference.
func TestOriginSecretRotationOffByDefault(t *testing.T) {
	tp := synth(t, fixture(t, strings.Replace(rotatingOriginSecretManifest, "  originSecret: {rotationDays: 30, refreshHours: 2}\n", "", 1)))
	if _, ok := tp.json["Parameters"].(map[string]any)[constructs.OriginSecretActiveParameter]; ok {
		t.Error("slot parameters without rotationDays")
	}
	if methods := jsonOf(t, tp.resources("AWS::ApiGateway::Method")); strings.Contains(methods, "stageVariables.") {
		t.Errorf("stage variable without rotation: %s", methods)
	}
}

// Any update of the stack that rolls back (or whose rollback fails)
// reaches the alarm topic, whose key lets EventBridge use it.
func TestRolledBackUpdateAlarmed(t *testing.T) {
	tp := synth(t, fixture(t, "legacy: {domainName: legacy.example.com}\nroutes:\n  - path: /orders/{id}\n    function: api-orders\n"))
	var topic string
	for id := range tp.resources("AWS::SNS::Topic") {
		topic = id
	}
	rules := jsonOf(t, tp.resources("AWS::Events::Rule"))
	for _, want := range []string{
		`"EventPattern":{"detail":{"stack-id":[{"Ref":"AWS::StackId"}],"status-details":{"status":["UPDATE_ROLLBACK_COMPLETE","UPDATE_ROLLBACK_FAILED"]}},"detail-type":["CloudFormation Stack Status Change"],"source":["aws.cloudformation"]}`,
		`"Arn":{"Ref":"` + topic + `"}`,
		`"detail-status-details-status-reason":"$.detail.status-details.status-reason"`,
	} {
		if !strings.Contains(rules, want) {
			t.Errorf("rules lack %s:\n%s", want, rules)
		}
	}
	if keys := jsonOf(t, tp.resources("AWS::KMS::Key")); !strings.Contains(keys, `{"Action":["kms:Decrypt","kms:GenerateDataKey*"],"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Resource":"*"}`) {
		t.Errorf("the topic's key does not admit EventBridge: %s", keys)
	}
	if policies := jsonOf(t, tp.resources("AWS::SNS::TopicPolicy")); !strings.Contains(policies, `{"Action":"sns:Publish","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Resource":{"Ref":"`+topic+`"}`) {
		t.Errorf("the topic's policy does not admit EventBridge: %s", policies)
	}
}
