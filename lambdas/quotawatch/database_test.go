package quotawatch_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/lambdas/quotawatch"
)

// users: an RDS instance behind a proxy; orders: an Aurora cluster without
// data in the window (no connection open: 0%).
var databases = []quotawatch.Database{
	{Name: "users", InstanceIdentifier: "users-db", MaxConnections: 1365, ProxyName: "users-proxy", ProxyMaxConnections: 682, FunctionConnections: 300},
	{Name: "orders", ClusterIdentifier: "orders-cluster", MaxConnections: 1000},
}

func TestDatabaseConnections(t *testing.T) {
	f := newFakes(t)
	f.cloudwatch.set(keyGetDatabaseMetrics, 200, "cloudwatch/GetMetricData-databases.json")
	var logs bytes.Buffer
	ms, err := f.watcher(quotawatch.Config{Namespace: "Test/Quotas", Databases: databases}, &logs).Run(context.Background())
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	ts := "2026-01-01T00:05:30Z"
	want := []string{
		"Test/Quotas Utilization Quota=LambdaConcurrency 41 Percent " + ts,
		"Test/Quotas Usage Quota=LambdaConcurrency 410 Count " + ts,
		"Test/Quotas Limit Quota=LambdaConcurrency 1000 Count " + ts,
		"Test/Quotas Utilization Quota=LambdaReservedConcurrency 44.4444 Percent " + ts,
		"Test/Quotas Usage Quota=LambdaReservedConcurrency 400 Count " + ts,
		"Test/Quotas Limit Quota=LambdaReservedConcurrency 900 Count " + ts,
		// the peak minute, 1102 of max_connections 1365
		"Test/Quotas Utilization Quota=DatabaseConnections,Database=users 80.7326 Percent " + ts,
		"Test/Quotas Usage Quota=DatabaseConnections,Database=users 1102 Count " + ts,
		"Test/Quotas Limit Quota=DatabaseConnections,Database=users 1365 Count " + ts,
		// the proxy's 410 of the 682 it may open
		"Test/Quotas Utilization Quota=ProxyDatabaseConnections,Database=users 60.1173 Percent " + ts,
		"Test/Quotas Usage Quota=ProxyDatabaseConnections,Database=users 410 Count " + ts,
		"Test/Quotas Limit Quota=ProxyDatabaseConnections,Database=users 682 Count " + ts,
		"Test/Quotas Utilization Quota=ProxyClientConnections,Database=users 25 Percent " + ts,
		"Test/Quotas Usage Quota=ProxyClientConnections,Database=users 75 Count " + ts,
		"Test/Quotas Limit Quota=ProxyClientConnections,Database=users 300 Count " + ts,
		// no datapoint: nothing connected
		"Test/Quotas Utilization Quota=DatabaseConnections,Database=orders 0 Percent " + ts,
		"Test/Quotas Usage Quota=DatabaseConnections,Database=orders 0 Count " + ts,
		"Test/Quotas Limit Quota=DatabaseConnections,Database=orders 1000 Count " + ts,
	}
	if got := published(t, f.cloudwatch); !slices.Equal(got, want) {
		t.Errorf("published metrics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(ms) != 6 {
		t.Errorf("%d measurements, want 6", len(ms))
	}

	// One query per metric: Maximum of the instance's or cluster's own
	// DatabaseConnections, Sum over the proxy's nodes, per minute, the
	// last 5 whole minutes.
	var in map[string]any
	for _, c := range f.cloudwatch.recorded() {
		if c.Key == keyGetDatabaseMetrics {
			in = c.Params.(map[string]any)
		}
	}
	if in == nil {
		t.Fatal("no GetMetricData call for the databases")
	}
	var got []string
	for _, q := range in["MetricDataQueries"].([]any) {
		q := q.(map[string]any)
		stat := q["MetricStat"].(map[string]any)
		m := stat["Metric"].(map[string]any)
		d := m["Dimensions"].([]any)[0].(map[string]any)
		got = append(got, strings.Join([]string{q["Id"].(string), m["Namespace"].(string), m["MetricName"].(string),
			d["Name"].(string) + "=" + d["Value"].(string), stat["Stat"].(string)}, " "))
		if stat["Period"] != 60.0 {
			t.Errorf("period %v", stat["Period"])
		}
	}
	wantQ := []string{
		"db0 AWS/RDS DatabaseConnections DBInstanceIdentifier=users-db Maximum",
		"proxydb0 AWS/RDS DatabaseConnections ProxyName=users-proxy Sum",
		"proxyclients0 AWS/RDS ClientConnections ProxyName=users-proxy Sum",
		"db1 AWS/RDS DatabaseConnections DBClusterIdentifier=orders-cluster Maximum",
	}
	if !slices.Equal(got, wantQ) {
		t.Errorf("queries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantQ, "\n"))
	}
	if !strings.Contains(logs.String(), `"database":"users"`) {
		t.Errorf("no log line names the database:\n%s", logs.String())
	}
}

// A query CloudWatch could not answer fails its row only; a failed call
// fails the check, and the other checks are still published.
func TestDatabaseConnectionsFailures(t *testing.T) {
	f := newFakes(t)
	f.cloudwatch.setBody(keyGetDatabaseMetrics, 200, []byte(`{"MetricDataResults":[{"Id":"db0","Values":[5.0],"StatusCode":"Complete"},{"Id":"db1","Values":[],"StatusCode":"Forbidden"}]}`))
	ms, err := f.watcher(quotawatch.Config{Databases: []quotawatch.Database{databases[0], databases[1]}}, &bytes.Buffer{}).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), `DatabaseConnections: reading CloudWatch AWS/RDS DatabaseConnections for database orders: query "db1" answered status Forbidden`) ||
		!strings.Contains(err.Error(), `ProxyDatabaseConnections: reading CloudWatch AWS/RDS DatabaseConnections for database users: the answer has no result for query "proxydb0"`) {
		t.Errorf("error %v", err)
	}
	var quotas []string
	for _, m := range ms {
		quotas = append(quotas, m.Quota+"/"+m.Database)
	}
	if want := []string{"LambdaConcurrency/", "LambdaReservedConcurrency/", "DatabaseConnections/users"}; !slices.Equal(quotas, want) {
		t.Errorf("measured %q, want %q", quotas, want)
	}

	f = newFakes(t)
	f.cloudwatch.set(keyGetDatabaseMetrics, 403, "cloudwatch/AccessDenied.json")
	ms, err = f.watcher(quotawatch.Config{Databases: databases}, &bytes.Buffer{}).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "DatabaseConnections: reading CloudWatch AWS/RDS connection metrics") || len(ms) != 2 {
		t.Errorf("%d measurements, error %v", len(ms), err)
	}
}

func TestDatabasesFromEnv(t *testing.T) {
	c, err := quotawatch.ConfigFromEnv(func(k string) string {
		return map[string]string{"DATABASES": `[{"name":"users","instanceIdentifier":"users-db","maxConnections":1365,"proxyName":"users-proxy","proxyMaxConnections":682,"functionConnections":300}]`}[k]
	})
	if err != nil || len(c.Databases) != 1 || c.Databases[0] != databases[0] {
		t.Errorf("%+v %v", c.Databases, err)
	}
	for env, want := range map[string]string{
		`{}`:                     "is not a JSON list",
		`[{"maxConnections":1}]`: "DATABASES[0] has no name",
		`[{"name":"a"}]`:         "(a) has no positive maxConnections",
		`[{"name":"a","maxConnections":1,"instanceIdentifier":"i","clusterIdentifier":"c"}]`: "both",
		`[{"name":"a","maxConnections":1,"proxyName":"p"}]`:                                  "no positive proxyMaxConnections",
	} {
		_, err := quotawatch.ConfigFromEnv(func(k string) string { return map[string]string{"DATABASES": env}[k] })
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("DATABASES=%s: %v, want %q", env, err, want)
		}
	}
}
