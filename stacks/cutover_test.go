package stacks_test

import (
	"strings"
	"testing"
)

// The cut-over function runs on every migrated behaviour with its store:
// one KeyValueStore associated with the function, its ARN a stack output
// for the cutover command; every route with a function is in its table
// at the manifest's weight.
func TestCutoverFunctionAndStore(t *testing.T) {
	tp := defaultTemplate(t)
	stores := tp.resources("AWS::CloudFront::KeyValueStore")
	if len(stores) != 1 {
		t.Fatalf("%d key value stores, want 1", len(stores))
	}
	var storeID string
	for id := range stores {
		storeID = id
	}
	fns := tp.resources("AWS::CloudFront::Function")
	for id := range fns {
		if strings.HasPrefix(id, "EdgeForwardedHost") {
			delete(fns, id) // the monolith's behaviours' X-Forwarded-Host
		}
	}
	if len(fns) != 1 {
		t.Fatalf("%d CloudFront functions, want the cut-over one alone on API behaviours", len(fns))
	}
	for _, f := range fns {
		cfg := props(f)["FunctionConfig"].(map[string]any)
		if mustJSON(cfg["KeyValueStoreAssociations"]) != mustJSON([]any{map[string]any{"KeyValueStoreARN": map[string]any{"Fn::GetAtt": []any{storeID, "Arn"}}}}) {
			t.Errorf("store association %v", cfg["KeyValueStoreAssociations"])
		}
		code := props(f)["FunctionCode"].(string)
		for _, want := range []string{`var ROUTES = {"products":["/{id}",""],"user":["/{id}"]};`, `var LEGACY_ORIGIN = "legacy";`, "cf.kvs()"} {
			if !strings.Contains(code, want) {
				t.Errorf("function code lacks %s", want)
			}
		}
	}
	out := tp.json["Outputs"].(map[string]any)["CutoverStoreArn"].(map[string]any)
	if mustJSON(out["Value"]) != mustJSON(map[string]any{"Fn::GetAtt": []any{storeID, "Arn"}}) {
		t.Errorf("CutoverStoreArn %v", out)
	}
}

// The fallback: one rule per function (its Throttles and Errors alarms),
// in the function's nested stack,
// one for the API's 5XX alarm (every route), one per database alarm
// group; each sends only ALARM changes, with the routes it concerns; the
// function may write the one store and publish to the one topic.
func TestCutoverFallbackRulesAndIAM(t *testing.T) {
	tp := defaultTemplate(t)
	rules := map[string]string{} // input template by rule ID
	for id, r := range tp.resources("AWS::Events::Rule") {
		p := props(r)
		pattern, ok := p["EventPattern"].(map[string]any)
		if !ok || mustJSON(pattern["detail-type"]) != `["CloudWatch Alarm State Change"]` {
			continue // the quota watch's schedule
		}
		if mustJSON(pattern["detail"]) != `{"state":{"value":["ALARM"]}}` {
			t.Errorf("%s reacts to %v, want ALARM only", id, pattern["detail"])
		}
		target := p["Targets"].([]any)[0].(map[string]any)
		rules[id] = target["InputTransformer"].(map[string]any)["InputTemplate"].(string)
	}
	want := map[string]string{
		"ApiUserIdFallback":            `{"event":<f1>,"routes":["/user/{id}"]}`,
		"ApiProductsFallback":          `{"event":<f1>,"routes":["/products","/products/{id}"]}`,
		"CutoverFallbackApi5XX":        `{"event":<f1>,"routes":["/user/{id}","/products","/products/{id}"]}`,
		"CutoverFallbackDatabaseUsers": `{"event":<f1>,"routes":["/user/{id}"]}`,
	}
	for prefix, input := range want {
		found := false
		for id, got := range rules {
			if strings.HasPrefix(id, prefix) && len(id) == len(prefix)+8 {
				found = true
				if got != input {
					t.Errorf("%s input %s, want %s", id, got, input)
				}
			}
		}
		if !found {
			t.Errorf("no rule %s* (rules: %v)", prefix, rules)
		}
	}
	if len(rules) != len(want) {
		t.Errorf("%d fallback rules, want %d", len(rules), len(want))
	}
	for id, r := range tp.resources("AWS::IAM::Role") {
		if !strings.HasPrefix(id, "CutoverFallbackRole") {
			continue
		}
		policy := mustJSON(props(r)["Policies"])
		for _, wantStmt := range []string{
			`"Resource":{"Fn::GetAtt":["CutoverStore81671169","Arn"]},"Sid":"SetRouteWeights"`,
			`"Resource":{"Ref":"MonitoringAlarms66989066"},"Sid":"TellTheTopic"`,
			// The topic is encrypted: publishing needs its key.
			`"Action":["kms:Decrypt","kms:GenerateDataKey"],"Effect":"Allow","Resource":{"Fn::GetAtt":["MonitoringAlarmsKey0C929FFE","Arn"]},"Sid":"EncryptForTheTopic"`,
		} {
			if !strings.Contains(policy, wantStmt) {
				t.Errorf("fallback role lacks %s:\n%s", wantStmt, policy)
			}
		}
		if strings.Contains(policy, `"Resource":"*"`) {
			t.Errorf("fallback role has a * resource:\n%s", policy)
		}
	}
}
