package cutover_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/smithy-go"

	"github.com/strangler-fig/strangler/cutover"
	"github.com/strangler-fig/strangler/cutover/cwtest"
	"github.com/strangler-fig/strangler/cutover/kvstest"
)

var t0 = time.Date(2025, 3, 4, 8, 55, 0, 0, time.UTC)

// Alarms as the stack names and defines them (see the golden templates):
// the functions' in their nested stacks, the API's and the databases' in
// the root stack, with namePrefix "staging-".
func lambdaAlarm(name, metric, function, state string, since time.Time) cwtest.Alarm {
	return cwtest.Alarm{Name: name, State: state, Since: since, Namespace: "AWS/Lambda", Metric: metric,
		Dimensions: map[string]string{"FunctionName": function, "Resource": function + ":live"}}
}

func stackAlarms() []cwtest.Alarm {
	return []cwtest.Alarm{
		lambdaAlarm("ApiMigration-RoutesUserNestedStackRoutesUserNestedStackResource8C5B3A0E-1X2Y3Z-ApiUserIdThrottlesAlarm1B2EF6CE-AAAA", "Throttles", "staging-api-user-id", "OK", t0),
		lambdaAlarm("ApiMigration-RoutesUserNestedStackRoutesUserNestedStackResource8C5B3A0E-1X2Y3Z-ApiUserIdErrorsAlarmC9AC3A06-BBBB", "Errors", "staging-api-user-id", "OK", t0),
		lambdaAlarm("ApiMigration-RoutesUserNestedStackRoutesUserNestedStackResource8C5B3A0E-1X2Y3Z-ApiUserIdDurationAlarm25317B28-CCCC", "Duration", "staging-api-user-id", "OK", t0),
		lambdaAlarm("ApiMigration-RoutesProductsNestedStackRoutesProductsNestedStackResourceD1E2F3A4-4X5Y6Z-ApiProductsThrottlesAlarm82EC77E6-DDDD", "Throttles", "staging-api-products", "OK", t0),
		lambdaAlarm("ApiMigration-RoutesProductsNestedStackRoutesProductsNestedStackResourceD1E2F3A4-4X5Y6Z-ApiProductsErrorsAlarm85F80D6E-EEEE", "Errors", "staging-api-products", "OK", t0),
		{Name: "ApiMigration-MonitoringApi5XX6B918171-FFFF", State: "OK", Since: t0, Namespace: "AWS/ApiGateway", Metric: "5XXError",
			Dimensions: map[string]string{"ApiName": "ApiMigration"}},
		{Name: "ApiMigration-QuotaWatchDatabaseUsersConnectionsC56807A9-GGGG", State: "OK", Since: t0, Namespace: "StranglerFig/Quotas", Metric: "Utilization",
			Dimensions: map[string]string{"Quota": "DatabaseConnections", "Database": "users"}},
		{Name: "ApiMigration-QuotaWatchDatabaseUsersProxyConnections0A1B2C3D-HHHH", State: "OK", Since: t0, Namespace: "StranglerFig/Quotas", Metric: "Utilization",
			Dimensions: map[string]string{"Quota": "ProxyDatabaseConnections", "Database": "users"}},
		// Alarms that protect no route.
		{Name: "ApiMigration-QuotaWatchNetworkInterfacesCA2384A6-IIII", State: "ALARM", Since: t0, Namespace: "StranglerFig/Quotas", Metric: "Utilization",
			Dimensions: map[string]string{"Quota": "NetworkInterfaces"}},
		{Name: "ApiMigration-MonitoringApiIntegrationLatencyE62E841E-JJJJ", State: "ALARM", Since: t0, Namespace: "AWS/ApiGateway", Metric: "IntegrationLatency",
			Dimensions: map[string]string{"ApiName": "ApiMigration"}},
	}
}

var routes = []cutover.Route{
	{Template: "/user/{id}", Weight: 100, Function: "staging-api-user-id", Database: "users"},
	{Template: "/users/me", Weight: 100, Function: "staging-api-user-id", Database: "users"},
	{Template: "/products", Weight: 100, Function: "staging-api-products"},
}

func alarmClient(srv *cwtest.Server) *cloudwatch.Client {
	return cloudwatch.NewFromConfig(kvstest.Config(), func(o *cloudwatch.Options) {
		o.BaseEndpoint = aws.String(srv.URL)
		o.RetryMaxAttempts = 1
	})
}

// Every page is read, with the stack's prefix and a dash (not the alarms
// of ApiMigration2), metric alarms only, signed for CloudWatch.
func TestReadAlarmsReadsEveryPage(t *testing.T) {
	srv := cwtest.New(t)
	srv.Add(stackAlarms()...)
	srv.Add(lambdaAlarm("ApiMigration2-ThrottlesAlarm-ZZZZ", "Throttles", "staging-api-user-id", "ALARM", t0))
	srv.PageSize(6)
	got, err := cutover.ReadAlarms(context.Background(), alarmClient(srv), "ApiMigration")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(stackAlarms()) {
		t.Errorf("%d alarms, want %d", len(got), len(stackAlarms()))
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || reqs[1].NextToken == "" {
		t.Fatalf("requests %+v, want 2 pages", reqs)
	}
	for _, r := range reqs {
		if r.AlarmNamePrefix != "ApiMigration-" || r.MaxRecords != 100 || !slices.Equal(r.AlarmTypes, []string{"MetricAlarm"}) || r.Signer != "monitoring" {
			t.Errorf("request %+v", r)
		}
	}
	for _, a := range got {
		if aws.ToString(a.AlarmName) == "ApiMigration2-ThrottlesAlarm-ZZZZ" {
			t.Errorf("another stack's alarm read")
		}
		if !a.StateTransitionedTimestamp.Equal(t0) {
			t.Errorf("%s: since %v", aws.ToString(a.AlarmName), a.StateTransitionedTimestamp)
		}
	}
}

func TestReadAlarmsAccessDenied(t *testing.T) {
	srv := cwtest.New(t)
	srv.DenyAccess()
	_, err := cutover.ReadAlarms(context.Background(), alarmClient(srv), "ApiMigration")
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDenied" {
		t.Fatalf("err %v, want AccessDenied", err)
	}
}

// states reads the stub's alarms, with the given changes, and maps them.
func states(t *testing.T, change func([]cwtest.Alarm)) map[string]cutover.RouteAlarmState {
	t.Helper()
	alarms := stackAlarms()
	change(alarms)
	srv := cwtest.New(t)
	srv.Add(alarms...)
	read, err := cutover.ReadAlarms(context.Background(), alarmClient(srv), "ApiMigration")
	if err != nil {
		t.Fatal(err)
	}
	return cutover.RouteAlarms(read, "ApiMigration", routes)
}

func names(s cutover.RouteAlarmState) []string {
	var out []string
	for _, a := range s.Alarms {
		out = append(out, a.Name)
	}
	return out
}

func TestRouteAlarms(t *testing.T) {
	throttles, errs, duration, api, dbConn, dbProxy := 0, 1, 2, 5, 6, 7
	productsThrottles := 3
	for _, c := range []struct {
		name   string
		change func([]cwtest.Alarm)
		want   map[string]string // route -> state
		firing []int             // the alarms listed for routes in ALARM
	}{
		{"all OK (the network interfaces and latency alarms protect no route)", func([]cwtest.Alarm) {},
			map[string]string{"/user/{id}": "OK", "/users/me": "OK", "/products": "OK"}, nil},
		{"a function's Throttles: its routes only", func(a []cwtest.Alarm) { a[throttles].State = "ALARM" },
			map[string]string{"/user/{id}": "ALARM", "/users/me": "ALARM", "/products": "OK"}, []int{throttles}},
		{"a function's Errors: its routes only", func(a []cwtest.Alarm) { a[productsThrottles+1].State = "ALARM" },
			map[string]string{"/user/{id}": "OK", "/users/me": "OK", "/products": "ALARM"}, []int{productsThrottles + 1}},
		{"a function's Duration sends nothing back", func(a []cwtest.Alarm) { a[duration].State = "ALARM" },
			map[string]string{"/user/{id}": "OK", "/users/me": "OK", "/products": "OK"}, nil},
		{"the API's 5XX: every route", func(a []cwtest.Alarm) { a[api].State = "ALARM" },
			map[string]string{"/user/{id}": "ALARM", "/users/me": "ALARM", "/products": "ALARM"}, []int{api}},
		{"a database's connections: the routes using it", func(a []cwtest.Alarm) { a[dbProxy].State = "ALARM" },
			map[string]string{"/user/{id}": "ALARM", "/users/me": "ALARM", "/products": "OK"}, []int{dbProxy}},
		{"several, oldest first", func(a []cwtest.Alarm) {
			a[errs].State, a[errs].Since = "ALARM", t0.Add(time.Minute)
			a[dbConn].State = "ALARM"
		}, map[string]string{"/user/{id}": "ALARM", "/users/me": "ALARM", "/products": "OK"}, []int{dbConn, errs}},
		{"insufficient data, unless something is in ALARM", func(a []cwtest.Alarm) {
			a[throttles].State = "INSUFFICIENT_DATA"
			a[productsThrottles].State = "INSUFFICIENT_DATA"
			a[productsThrottles+1].State = "ALARM"
		}, map[string]string{"/user/{id}": "INSUFFICIENT_DATA", "/users/me": "INSUFFICIENT_DATA", "/products": "ALARM"}, []int{productsThrottles + 1}},
		{"another alias, API or database: not these routes'", func(a []cwtest.Alarm) {
			a[throttles].State, a[throttles].Dimensions = "ALARM", map[string]string{"FunctionName": "staging-api-user-id", "Resource": "staging-api-user-id:canary"}
			a[api].State, a[api].Dimensions = "ALARM", map[string]string{"ApiName": "Other"}
			a[dbConn].State, a[dbConn].Dimensions = "ALARM", map[string]string{"Quota": "DatabaseConnections", "Database": "orders"}
		}, map[string]string{"/user/{id}": "OK", "/users/me": "OK", "/products": "OK"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			alarms := stackAlarms()
			c.change(alarms)
			got := states(t, c.change)
			var wantNames []string
			for _, i := range c.firing {
				wantNames = append(wantNames, alarms[i].Name)
			}
			for route, want := range c.want {
				s := got[route]
				if s.State != want {
					t.Errorf("%s: %s, want %s (%v)", route, s.State, want, names(s))
				}
				if want == "ALARM" && !slices.Equal(names(s), wantNames) {
					t.Errorf("%s: alarms %v, want %v", route, names(s), wantNames)
				}
			}
		})
	}
}

func TestRouteAlarmsDetails(t *testing.T) {
	got := states(t, func(a []cwtest.Alarm) {
		a[0].State, a[0].Reason, a[0].Since = "ALARM", "Threshold Crossed: 1 datapoint [3.0] was greater than the threshold (0.0).", t0.Add(90*time.Second)
	})
	s := got["/user/{id}"]
	if s.Watching != 5 { // its Throttles and Errors, the 5XX, the two of users
		t.Errorf("watching %d", s.Watching)
	}
	if len(s.Alarms) != 1 || !s.Alarms[0].Since.Equal(t0.Add(90*time.Second)) || s.Alarms[0].Reason == "" || s.Alarms[0].State != "ALARM" {
		t.Errorf("%+v", s.Alarms)
	}
	if p := got["/products"]; p.Watching != 3 || len(p.Alarms) != 0 {
		t.Errorf("/products %+v", p)
	}
}

// A route nothing watches (wrong --stack, or alarms not deployed) says so
// rather than OK.
func TestRouteAlarmsNone(t *testing.T) {
	got := cutover.RouteAlarms(nil, "ApiMigration", routes)
	for _, r := range routes {
		if got[r.Template].State != cutover.AlarmsNone {
			t.Errorf("%s: %+v", r.Template, got[r.Template])
		}
	}
}
