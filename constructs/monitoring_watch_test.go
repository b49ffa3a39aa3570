package constructs_test

import (
	"testing"

	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// Two APIs with the same ID in different scopes get their own alarms;
// watching an API or a function twice adds no alarm and no action twice.
func TestMonitoringWatchesEachThingOnce(t *testing.T) {
	stack := newTestStack(t, nil)
	mon := constructs.NewMigrationMonitoring(stack, jsii.String("Monitoring"), nil)
	for _, scope := range []string{"Team1", "Team2"} {
		s := awsconstructs.NewConstruct(stack, jsii.String(scope))
		api := constructs.NewProxyApi(s, jsii.String("Api"), &constructs.ProxyApiProps{CloudWatchRole: jsii.Bool(scope == "Team1")})
		fn := constructs.NewApiFunction(s, jsii.String("Fn"), &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
		api.AddRoute("/a", []string{"GET"}, fn.Alias, nil)
		first := mon.WatchApi(api)
		if again := mon.WatchApi(api); *again.Node().Path() != *first.Node().Path() {
			t.Errorf("watching %s again made another alarm", scope)
		}
		mon.WatchFunction(scope, fn)
		mon.WatchFunction(scope, fn)
	}
	before := len(mon.Alarms)
	tpl := templateOf(t, stack)
	// Per API: 5XX and integration latency; per function: throttles,
	// errors, duration; the account's concurrency alarm.
	if want := 2*2 + 2*3 + 1; before != want {
		t.Errorf("%d alarms, want %d", before, want)
	}
	for _, a := range tpl.find("AWS::CloudWatch::Alarm", nil) {
		if actions := properties(a)["AlarmActions"].([]any); len(actions) != 1 {
			t.Errorf("alarm %v has %d actions, want 1", properties(a)["AlarmDescription"], len(actions))
		}
	}
}
