package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/cutover/cwtest"
)

var alarmTime = time.Date(2025, 3, 4, 8, 55, 0, 0, time.UTC)

// Indexes of stackAlarms' alarms.
const (
	userIDThrottles = iota
	userIDErrors
	userIDDuration
	productsThrottles
	productsErrors
	api5XX
	usersConnections
	usersProxyConnections
	networkInterfaces
)

// stackAlarms are the alarms of stack ApiMigration as CloudFormation
// names them (nested stacks' included), for functions api-user-id and
// api-products named with prefix, database users and the API, all OK.
func stackAlarms(prefix string) []cwtest.Alarm {
	fn := func(name, metric, function string) cwtest.Alarm {
		return cwtest.Alarm{Name: name, State: "OK", Since: alarmTime, Namespace: "AWS/Lambda", Metric: metric,
			Dimensions: map[string]string{"FunctionName": prefix + function, "Resource": prefix + function + ":live"}}
	}
	quota := func(name string, dims map[string]string) cwtest.Alarm {
		return cwtest.Alarm{Name: name, State: "OK", Since: alarmTime, Namespace: "StranglerFig/Quotas", Metric: "Utilization", Dimensions: dims}
	}
	return []cwtest.Alarm{
		fn("ApiMigration-RoutesUserNestedStackRoutesUserNest-1X2Y3Z-ApiUserIdThrottlesAlarm1B2EF6CE-AAAA", "Throttles", "api-user-id"),
		fn("ApiMigration-RoutesUserNestedStackRoutesUserNest-1X2Y3Z-ApiUserIdErrorsAlarmC9AC3A06-BBBB", "Errors", "api-user-id"),
		fn("ApiMigration-RoutesUserNestedStackRoutesUserNest-1X2Y3Z-ApiUserIdDurationAlarm25317B28-CCCC", "Duration", "api-user-id"),
		fn("ApiMigration-RoutesProductsNestedStackRoutesProd-4X5Y6Z-ApiProductsThrottlesAlarm82EC77E6-DDDD", "Throttles", "api-products"),
		fn("ApiMigration-RoutesProductsNestedStackRoutesProd-4X5Y6Z-ApiProductsErrorsAlarm85F80D6E-EEEE", "Errors", "api-products"),
		{Name: "ApiMigration-MonitoringApi5XX6B918171-FFFF", State: "OK", Since: alarmTime, Namespace: "AWS/ApiGateway", Metric: "5XXError",
			Dimensions: map[string]string{"ApiName": "ApiMigration"}},
		quota("ApiMigration-QuotaWatchDatabaseUsersConnectionsC56807A9-GGGG", map[string]string{"Quota": "DatabaseConnections", "Database": "users"}),
		quota("ApiMigration-QuotaWatchDatabaseUsersProxyConnections0A1B2C3D-HHHH", map[string]string{"Quota": "ProxyDatabaseConnections", "Database": "users"}),
		quota("ApiMigration-QuotaWatchNetworkInterfacesCA2384A6-IIII", map[string]string{"Quota": "NetworkInterfaces"}),
	}
}

// worldWith is newWorld whose stack's alarms are changed, read in pages
// of 2, against the manifest at path.
func worldWith(t *testing.T, path string, change func([]cwtest.Alarm)) *world {
	w := newWorld(t)
	w.manifest = path
	w.cw = cwtest.New(t)
	prefix := ""
	if path != manifestPath {
		prefix = "staging-"
	}
	alarms := stackAlarms(prefix)
	change(alarms)
	w.cw.Add(alarms...)
	w.cw.PageSize(2)
	return w
}

// alarmColumn is each route's ALARMS cell of the status table.
func alarmColumn(t *testing.T, w *world) map[string]string {
	t.Helper()
	code, out, errOut := w.run(t, "status")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(out, "\n")
	var header int
	for header = range lines {
		if strings.HasPrefix(lines[header], "ROUTE ") {
			break
		}
	}
	col := strings.Index(lines[header], "ALARMS (stack ApiMigration)")
	if col < 0 {
		t.Fatalf("no ALARMS column:\n%s", out)
	}
	cells := map[string]string{}
	for _, l := range lines[header+1:] {
		if l == "" {
			break
		}
		cells[strings.Fields(l)[0]] = strings.TrimSpace(l[col:])
	}
	return cells
}

func TestStatusShowsAlarms(t *testing.T) {
	since := func(i int) string {
		return stackAlarms("")[i].Name + " since 2025-03-04T08:55:00Z"
	}
	for _, c := range []struct {
		name   string
		change func([]cwtest.Alarm)
		want   map[string]string
	}{
		{"all OK; an alarm that protects no route is not shown", func(a []cwtest.Alarm) { a[networkInterfaces].State = "ALARM" },
			map[string]string{"/user/{id}": "OK", "/products": "OK"}},
		{"a function's Throttles marks only its routes", func(a []cwtest.Alarm) { a[productsThrottles].State = "ALARM" },
			map[string]string{"/user/{id}": "OK", "/products": "ALARM: " + since(productsThrottles)}},
		{"the API's 5XX marks every route", func(a []cwtest.Alarm) { a[api5XX].State = "ALARM" },
			map[string]string{"/user/{id}": "ALARM: " + since(api5XX), "/products": "ALARM: " + since(api5XX)}},
		{"a database's alarm marks the routes using it", func(a []cwtest.Alarm) { a[usersConnections].State = "ALARM" },
			map[string]string{"/user/{id}": "ALARM: " + since(usersConnections), "/products": "OK"}},
		{"no data", func(a []cwtest.Alarm) { a[userIDErrors].State = "INSUFFICIENT_DATA" },
			map[string]string{"/user/{id}": "INSUFFICIENT_DATA", "/products": "OK"}},
		{"nothing found", func(a []cwtest.Alarm) {
			for i := range a {
				a[i].Name = "Elsewhere-" + a[i].Name
			}
		}, map[string]string{"/user/{id}": "none found", "/products": "none found"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := worldWith(t, manifestPath, c.change)
			got := alarmColumn(t, w)
			for route, want := range c.want {
				if got[route] != want {
					t.Errorf("%s: %q, want %q", route, got[route], want)
				}
			}
			if n := len(w.cw.Requests()); n < 2 && c.name != "nothing found" {
				t.Errorf("%d DescribeAlarms calls: pages not followed", n)
			}
		})
	}
}

// With lambda.namePrefix the deployed names carry it; a function's alarm
// marks every route it serves, and a database's the routes of the
// functions using it (inherited from another route of the function).
func TestStatusAlarmsWithNamePrefix(t *testing.T) {
	w := worldWith(t, "testdata/prefixed.yaml", func(a []cwtest.Alarm) {
		a[userIDThrottles].State = "ALARM"
		a[usersProxyConnections].State, a[usersProxyConnections].Since = "ALARM", alarmTime.Add(-time.Minute)
	})
	got := alarmColumn(t, w)
	want := "ALARM: " + stackAlarms("")[usersProxyConnections].Name + " since 2025-03-04T08:54:00Z; " + stackAlarms("")[userIDThrottles].Name + " since 2025-03-04T08:55:00Z"
	for _, route := range []string{"/user/{id}", "/users/me"} {
		if got[route] != want {
			t.Errorf("%s: %q, want %q", route, got[route], want)
		}
	}
	if got["/products"] != "OK" {
		t.Errorf("/products: %q", got["/products"])
	}
}

func TestStatusAlarmsJSON(t *testing.T) {
	w := worldWith(t, manifestPath, func(a []cwtest.Alarm) { a[userIDErrors].State = "ALARM" })
	code, out, errOut := w.run(t, "status", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got statusJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Stack != "ApiMigration" || got.AlarmsUnavailable != "" || len(got.Routes) != 2 {
		t.Fatalf("%s", out)
	}
	user, products := got.Routes[0].Alarms, got.Routes[1].Alarms
	if user == nil || user.State != "ALARM" || user.Watching != 5 || len(user.Alarms) != 1 ||
		user.Alarms[0].Name != stackAlarms("")[userIDErrors].Name || !user.Alarms[0].Since.Equal(alarmTime) {
		t.Errorf("/user/{id} alarms %+v", user)
	}
	if products == nil || products.State != "OK" || products.Watching != 3 || len(products.Alarms) != 0 {
		t.Errorf("/products alarms %+v", products)
	}
}

// Without cloudwatch:DescribeAlarms status still shows the weights, exits
// 0, and says why the alarms are missing.
func TestStatusWithoutAlarmPermission(t *testing.T) {
	w := newWorld(t)
	w.cw.DenyAccess()
	code, out, errOut := w.run(t, "status")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"No ALARMS column: reading the CloudWatch alarms of stack ApiMigration",
		"AccessDenied", "allow cloudwatch:DescribeAlarms to see them",
		"/user/{id}  10%        store (manifest 100%)  2025-03-03T10:04:05Z to 10% by shift: step 2 of the playbook\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "ALARMS (") {
		t.Errorf("an ALARMS column without alarms:\n%s", out)
	}
	if n := len(w.cw.Requests()); n != 1 {
		t.Errorf("%d DescribeAlarms calls: an AccessDenied is not retried", n)
	}

	code, out, _ = w.run(t, "status", "--format", "json")
	var got statusJSON
	if err := json.Unmarshal([]byte(out), &got); code != exitOK || err != nil {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	if !strings.Contains(got.AlarmsUnavailable, "AccessDenied") || len(got.Routes) != 2 || got.Routes[0].Weight != 10 || got.Routes[0].Alarms != nil {
		t.Errorf("%s", out)
	}
}
