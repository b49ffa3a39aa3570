package stacks_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/stacks"
)

// threeDatabases reaches one database through an RDS Proxy the stack
// creates, one directly and one through an existing proxy.
const threeDatabases = `
legacy: {domainName: legacy.example.com}
databases:
  - name: orders
    clusterIdentifier: orders-cluster
    host: orders-cluster.cluster-abc.eu-west-1.rds.amazonaws.com
    securityGroupId: sg-0aaaaaaaaaaaaaaaa
    maxConnections: 2000
    monolithConnections: 600
    access: proxy
    proxy:
      secretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-proxy-AbCdEf
      iamAuth: true
      maxConnectionsPercent: 45
      idleClientTimeoutSeconds: 900
  - name: carts
    instanceIdentifier: carts-db
    host: carts-db.abc.eu-west-1.rds.amazonaws.com
    securityGroupId: sg-0bbbbbbbbbbbbbbbb
    instanceClass: db.r6g.large
    monolithConnections: 100
  - name: search
    host: search-db.internal
    maxConnections: 500
    monolithConnections: 0
    access: existing-proxy
    proxy: {name: search-proxy, endpoint: search-proxy.proxy-abc.eu-west-1.rds.amazonaws.com, securityGroupId: sg-0cccccccccccccccc, maxConnectionsPercent: 50}
routes:
  - path: /orders/{id}
    function: api-orders
    reservedConcurrency: 200
    database: {name: orders}
  - path: /carts
    function: api-carts
    reservedConcurrency: 100
    database: {name: carts, connectionsPerEnvironment: 2}
  - path: /search/{proxy+}
    function: api-search
    reservedConcurrency: 10
    database: {name: search}
`

func TestDatabases(t *testing.T) {
	m := fixture(t, threeDatabases)
	app := newApp(t)
	s := stacks.NewMigrationStack(app, "ApiMigration", &stacks.MigrationStackProps{Manifest: m})
	root := toTmpl(t, assertions.Template_FromStack(s.Stack, nil))
	tp := synthOf(t, s, root)
	proxyID := *s.Stack.GetLogicalId(s.DatabaseProxies["orders"].Proxy.Node().DefaultChild().(awscdk.CfnElement))
	proxySG := *s.Stack.GetLogicalId(s.DatabaseProxies["orders"].SecurityGroup.Node().DefaultChild().(awscdk.CfnElement))
	functionSG := *s.Stack.GetLogicalId(s.Network.SecurityGroup.Node().DefaultChild().(awscdk.CfnElement))

	// The proxy: the cluster as target, the manifest's pool settings, IAM
	// required from the functions, TLS.
	proxies := tp.resources("AWS::RDS::DBProxy")
	if len(proxies) != 1 || len(s.DatabaseProxies) != 1 {
		t.Fatalf("%d proxies; want one, for orders only", len(proxies))
	}
	p := props(proxies[proxyID])
	if a := mustJSON(p["Auth"]); p["RequireTLS"] != true || p["IdleClientTimeout"] != 900.0 || !strings.Contains(a, `"IAMAuth":"REQUIRED"`) ||
		!strings.Contains(a, "secret:orders-proxy-AbCdEf") {
		t.Errorf("proxy %s", mustJSON(p))
	}
	tp.HasResourceProperties(jsii.String("AWS::RDS::DBProxyTargetGroup"), map[string]any{
		"DBClusterIdentifiers":            []any{"orders-cluster"},
		"ConnectionPoolConfigurationInfo": map[string]any{"MaxConnectionsPercent": 45, "MaxIdleConnectionsPercent": 45, "ConnectionBorrowTimeout": 10},
	})

	// api-orders connects to the proxy, with IAM; the others keep their host.
	_, orders := tp.functionNamed(t, "api-orders")
	env := mustJSON(orders["Environment"])
	if !strings.Contains(env, `"DB_HOST":{"Fn::GetAtt":["`+proxyID+`","Endpoint"]}`) || !strings.Contains(env, `"DB_PORT":"3306"`) {
		t.Errorf("api-orders environment %s, want DB_HOST the proxy's endpoint", env)
	}
	_, search := tp.functionNamed(t, "api-search")
	if env := mustJSON(search["Environment"]); !strings.Contains(env, `"DB_HOST":"search-proxy.proxy-abc.eu-west-1.rds.amazonaws.com"`) {
		t.Errorf("api-search environment %s, want the existing proxy's endpoint", env)
	}
	_, carts := tp.functionNamed(t, "api-carts")
	if env := mustJSON(carts["Environment"]); strings.Contains(env, "DB_HOST") {
		t.Errorf("api-carts (direct) environment %s", env)
	}
	grants := 0
	for _, r := range tp.resources("AWS::IAM::Policy") {
		if j := mustJSON(r); strings.Contains(j, "rds-db:connect") {
			grants++
			if !strings.Contains(j, "ApiOrders") {
				t.Errorf("rds-db:connect granted to another role: %s", j)
			}
		}
	}
	if grants != 1 {
		t.Errorf("%d rds-db:connect grants, want api-orders' only", grants)
	}

	// functions -> proxy -> orders; functions -> carts; functions -> search's proxy.
	var rules []string
	for _, r := range tp.resources("AWS::EC2::SecurityGroupIngress") {
		rp := props(r)
		rules = append(rules, mustJSON(rp["GroupId"])+" <- "+mustJSON(rp["SourceSecurityGroupId"]))
	}
	sgRef := func(id string) string { return `{"Fn::GetAtt":["` + id + `","GroupId"]}` }
	for _, want := range []string{
		sgRef(proxySG) + " <- " + sgRef(functionSG),
		`"sg-0aaaaaaaaaaaaaaaa" <- ` + sgRef(proxySG),
		`"sg-0bbbbbbbbbbbbbbbb" <- ` + sgRef(functionSG),
		`"sg-0cccccccccccccccc" <- ` + sgRef(functionSG),
	} {
		found := false
		for _, r := range rules {
			found = found || r == want
		}
		if !found {
			t.Errorf("no ingress %s; rules:\n%s", want, strings.Join(rules, "\n"))
		}
	}
	if len(rules) != 4 {
		t.Errorf("%d ingress rules, want the 4 above:\n%s", len(rules), strings.Join(rules, "\n"))
	}
	for _, r := range rules {
		if strings.HasPrefix(r, `"sg-0aaaaaaaaaaaaaaaa"`) && !strings.Contains(r, proxySG) {
			t.Errorf("orders is reached by something else than its proxy: %s", r)
		}
	}

	// The quota watch reads the three, and alarms on each.
	var dbs string
	for id, r := range tp.resources("AWS::Lambda::Function") {
		if strings.HasPrefix(id, "QuotaWatchFunction") {
			dbs = mustJSON(props(r)["Environment"])
		}
	}
	for _, want := range []string{
		`\"name\":\"orders\"`, `\"clusterIdentifier\":\"orders-cluster\"`, `\"maxConnections\":2000`, `\"proxyMaxConnections\":900`, `\"functionConnections\":200`,
		`\"name\":\"carts\"`, `\"instanceIdentifier\":\"carts-db\"`, `\"maxConnections\":1365`,
		`\"name\":\"search\"`, `\"proxyName\":\"search-proxy\"`, `\"proxyMaxConnections\":250`,
	} {
		if !strings.Contains(dbs, want) {
			t.Errorf("quota watch environment lacks %s: %s", want, dbs)
		}
	}
	for db, n := range map[string]int{"orders": 2, "carts": 1, "search": 1} {
		if got := len(s.DatabaseAlarms[db]); got != n {
			t.Errorf("%s has %d alarms, want %d", db, got, n)
		}
	}
}
