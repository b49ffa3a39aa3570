package manifest_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

// dbManifest is a manifest with one database (fields from line 5 on,
// after "  - name: users" on line 4) and two routes whose functions use
// it, api-a reserving 100 and api-b none; the regional quota is 1000.
func dbManifest(database, routes string) string {
	return doc(`
legacy:
  domainName: legacy-api.example.com
databases:
  - name: users
`) + database + doc(`
lambda:
  regionalConcurrencyQuota: 1000
routes:
`) + routes
}

const twoUsers = `  - path: /a
    function: api-a
    reservedConcurrency: 100
    database: {name: users}
  - path: /b
    function: api-b
    reservedConcurrency: 50
    database: {name: users, connectionsPerEnvironment: 2}
`

func TestDatabaseConnectionsDirect(t *testing.T) {
	// api-a: 100 x 1, api-b: 50 x 2 = 200 connections; budget 80% of 400 = 320.
	fits := dbManifest(`    host: users.abc.eu-west-1.rds.amazonaws.com
    instanceIdentifier: users-db
    securityGroupId: sg-0123456789abcdef0
    maxConnections: 400
    monolithConnections: 120
`, twoUsers)
	m := parse(t, fits)
	loads := m.DatabaseLoads()
	if len(loads) != 1 || loads[0].Reserved != 200 || loads[0].Unreserved != 0 || loads[0].Lambda() != 200 || loads[0].Database.Budget() != 320 {
		t.Fatalf("loads %+v", loads)
	}
	if len(m.Warnings()) != 0 {
		t.Errorf("warnings %q", m.Warnings())
	}
	over := strings.Replace(fits, "monolithConnections: 120", "monolithConnections: 121", 1)
	checkProblems(t, problemsOf(t, over), []manifest.Problem{prob(4, "databases[0]",
		"database users: the functions can open 200 connections at once (api-a: 100 reserved x 1; api-b: 50 reserved x 2) and the monolith keeps 121: 321, over 320 (max_connections 400 from maxConnections in the manifest, less 20% headroom) by 1; "+
			"give api-a, api-b reservedConcurrency of at most 66 each (199 connections for the functions), or go through an RDS Proxy (access: proxy), or raise max_connections")})
}

// A function without reserved concurrency can take the whole unreserved
// pool: the quota less every reservation, also of functions that use no
// database.
func TestDatabaseConnectionsUnreserved(t *testing.T) {
	src := dbManifest(`    host: db.internal
    maxConnections: 2000
    maxConnectionsSource: SHOW VARIABLES on prod, 2024-05-02
    headroomPercent: 10
    monolithConnections: 0
`, `  - path: /a
    function: api-a
    database: {name: users, connectionsPerEnvironment: 2}
  - path: /c
    function: api-c
    reservedConcurrency: 101
`)
	// (1000 - 101) x 2 = 1798 <= 90% of 2000 = 1800.
	m := parse(t, src)
	if l := m.DatabaseLoads()[0]; l.Unreserved != 1798 || l.Reserved != 0 {
		t.Fatalf("load %+v", l)
	}
	if want := []string{"routes.yaml:4: databases[0].securityGroupId: not given: allow the functions' security group into database users on port 3306 yourself",
		"routes.yaml:5: databases[0].host: database users is known by host only: checked at synth, but not watched (CloudWatch publishes DatabaseConnections for RDS instances and clusters: give instanceIdentifier or clusterIdentifier)"}; !slices.Equal(m.Warnings(), want) {
		t.Errorf("warnings %q", m.Warnings())
	}
	over := strings.Replace(src, "reservedConcurrency: 101", "reservedConcurrency: 99", 1)
	checkProblems(t, problemsOf(t, over), []manifest.Problem{prob(4, "databases[0]",
		"database users: the functions can open 1802 connections at once (api-a: unreserved, together up to the 901 unreserved environments x 2) and the monolith keeps 0: 1802, over 1800 (max_connections 2000 from SHOW VARIABLES on prod, 2024-05-02, less 10% headroom) by 2; "+
			"give api-a reservedConcurrency of at most 900 (1800 connections for the functions), or go through an RDS Proxy (access: proxy), or raise max_connections")})
}

func TestDatabaseMaxConnectionsFromInstanceClass(t *testing.T) {
	for class, want := range map[string]int{
		"db.t3.micro": 85, "db.t4g.medium": 341, "db.m6g.large": 682, "db.r6g.large": 1365, "db.r7g.2xlarge": 5461, "db.m5.24xlarge": 32768,
	} {
		src := dbManifest("    host: db.internal\n    instanceClass: "+class+"\n    monolithConnections: 0\n", "  - {path: /a, function: api-a, reservedConcurrency: 1, database: {name: users}}\n")
		got, source := parse(t, src).Databases[0].EffectiveMaxConnections()
		if got != want || !strings.Contains(source, "{DBInstanceClassMemory/12582880} for "+class) {
			t.Errorf("%s: %d from %q, want %d", class, got, source, want)
		}
	}
}

func TestDatabaseProxyConnections(t *testing.T) {
	// max_connections 1000, budget 800; monolith 300: the proxy may take 50%.
	src := dbManifest(`    host: users.abc.eu-west-1.rds.amazonaws.com
    instanceIdentifier: users-db
    securityGroupId: sg-0123456789abcdef0
    maxConnections: 1000
    monolithConnections: 300
    access: proxy
    proxy:
      secretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:users-proxy-AbCdEf
      maxConnectionsPercent: 50
`, twoUsers)
	m := parse(t, src)
	d := m.Databases[0]
	if d.ProxyConnections() != 500 || *d.Proxy.MaxIdleConnectionsPercent != 50 || d.Proxy.IdleClientTimeoutSeconds != 1800 || d.Proxy.ConnectionBorrowTimeoutSeconds != 10 {
		t.Errorf("proxy %+v", *d.Proxy)
	}
	// AWS's default of 100% leaves nothing for the monolith.
	over := strings.Replace(src, "      maxConnectionsPercent: 50\n", "", 1)
	checkProblems(t, problemsOf(t, over), []manifest.Problem{prob(11, "databases[0].proxy.maxConnectionsPercent",
		"database users: the proxy may open 1000 connections (100% of max_connections 1000) and the monolith keeps 300: 1300, over 800 (max_connections 1000 from maxConnections in the manifest, less 20% headroom) by 500; set proxy.maxConnectionsPercent to at most 50")})
	// However many functions run, the proxy's share is what counts: a
	// direct database would be over (200 + 700 > 800), the proxy is not.
	many := strings.Replace(src, "monolithConnections: 300", "monolithConnections: 300\n    headroomPercent: 0", 1)
	many = strings.Replace(many, "maxConnectionsPercent: 50", "maxConnectionsPercent: 70", 1)
	parse(t, many)
}

func TestDatabaseProblems(t *testing.T) {
	tests := []struct {
		name     string
		database string
		routes   string
		want     []manifest.Problem
	}{
		{"nothing about the server", "    host: db.internal\n", "  - {path: /a, function: api-a, database: {name: users}}\n", []manifest.Problem{
			prob(4, "databases[0].maxConnections", "missing; give the server's max_connections (SHOW VARIABLES LIKE 'max_connections'; MySQL's default is 151), or instanceClass to derive it from"),
			prob(4, "databases[0].monolithConnections", "missing; give the connections the monolith keeps open on this database at most (pool size x servers, plus jobs), 0 if none: the functions share max_connections with it"),
		}},
		{"unknown class, both identifiers", "    host: db.internal\n    instanceIdentifier: a\n    clusterIdentifier: b\n    instanceClass: db.x2g.large\n    monolithConnections: 0\n    securityGroupId: sg-0123456789abcdef0\n",
			"  - {path: /a, function: api-a, reservedConcurrency: 1, database: {name: users}}\n", []manifest.Problem{
				prob(7, "databases[0].clusterIdentifier", "give instanceIdentifier (an RDS DB instance) or clusterIdentifier (an Aurora cluster), not both"),
				prob(8, "databases[0].instanceClass", `"db.x2g.large" is not a class whose memory is known here (db.t3/t4g, db.m5/m6g/m6i/m7g, db.r5/r6g/r6i/r7g, e.g. db.r6g.large); give maxConnections (SHOW VARIABLES LIKE 'max_connections')`),
			}},
		{"aurora by class", "    host: db.internal\n    engine: aurora-mysql\n    instanceClass: db.r6g.large\n    monolithConnections: 0\n    securityGroupId: sg-0123456789abcdef0\n",
			"  - {path: /a, function: api-a, reservedConcurrency: 1, database: {name: users}}\n", []manifest.Problem{
				prob(7, "databases[0].instanceClass", "Aurora MySQL derives max_connections by another formula; give maxConnections (SHOW VARIABLES LIKE 'max_connections')"),
			}},
		{"route names no database", "    host: db.internal\n    maxConnections: 151\n    monolithConnections: 0\n    securityGroupId: sg-0123456789abcdef0\n",
			"  - path: /a\n    function: api-a\n    database: {name: orders, connectionsPerEnvironment: 101}\n  - {path: /b, function: api-b, reservedConcurrency: 1, database: {name: users}}\n", []manifest.Problem{
				prob(14, "route /a (routes[0]), database.name", `"orders" is not one of databases (users); add it under databases: or fix the name`),
				prob(14, "route /a (routes[0]), database.connectionsPerEnvironment", "101; give the most connections one execution environment keeps open, 1 to 100 (one environment serves one request at a time: 1 is enough for most)"),
			}},
		{"a function with two databases", "    host: db.internal\n    maxConnections: 151\n    monolithConnections: 0\n    securityGroupId: sg-0123456789abcdef0\n",
			"  - {path: /a, function: api-a, reservedConcurrency: 1, database: {name: users}}\n  - path: /a/{id}\n    function: api-a\n    database: {name: users, connectionsPerEnvironment: 2}\n", []manifest.Problem{
				prob(15, "route /a/{id} (routes[1]), database", "differs from routes[0] (/a), which api-a also serves; one function has one database: write it once, on either route"),
			}},
		{"proxy without an RDS target or secret", "    host: db.internal\n    maxConnections: 1000\n    monolithConnections: 0\n    securityGroupId: sg-0123456789abcdef0\n    access: proxy\n    proxy: {maxConnectionsPercent: 50, connectionBorrowTimeoutSeconds: 29}\n",
			"  - {path: /a, function: api-a, reservedConcurrency: 1, database: {name: users}}\n", []manifest.Problem{
				prob(9, "databases[0].access", "an RDS Proxy the stack creates needs an RDS target: give instanceIdentifier or clusterIdentifier (RDS Proxy cannot front a database outside RDS)"),
				prob(10, "databases[0].proxy.secretArn", "missing; give the Secrets Manager secret (username, password) the proxy logs in to the database with"),
				prob(10, "databases[0].proxy.connectionBorrowTimeoutSeconds", "29 s is not shorter than api-a's timeout (29 s): a request waiting for a connection would time out in the function and reach the caller as a 504; use less than 29"),
			}},
		{"proxy with an incomplete secret ARN, DB_HOST set by hand", "    host: db.internal\n    instanceIdentifier: users-db\n    maxConnections: 1000\n    monolithConnections: 0\n    securityGroupId: sg-0123456789abcdef0\n    access: proxy\n    proxy: {secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:users', maxConnectionsPercent: 50}\n",
			"  - path: /a\n    function: api-a\n    reservedConcurrency: 1\n    environment: {DB_HOST: db.internal}\n    database: {name: users}\n", []manifest.Problem{
				prob(11, "databases[0].proxy.secretArn", `"arn:aws:secretsmanager:eu-west-1:123456789012:secret:users" is not a complete Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf, with the 6-character suffix): RDS Proxy needs the complete ARN`),
				prob(18, "route /a (routes[0]), environment.DB_HOST", "database users is reached through its proxy: the stack sets DB_HOST to the proxy's; remove it"),
			}},
		{"existing proxy with creation settings", "    host: db.internal\n    maxConnections: 1000\n    monolithConnections: 0\n    access: existing-proxy\n    proxy: {name: users-proxy, endpoint: users-proxy.proxy-abc.eu-west-1.rds.amazonaws.com, securityGroupId: sg-0123456789abcdef0, iamAuth: true, maxConnectionsPercent: 50, maxIdleConnectionsPercent: 60}\n",
			"  - {path: /a, function: api-a, reservedConcurrency: 1, database: {name: users}}\n", []manifest.Problem{
				prob(9, "databases[0].proxy.secretArn", "secretArn and iamAuth configure a proxy the stack creates; an existing proxy keeps its own: remove them"),
				prob(9, "databases[0].proxy.maxIdleConnectionsPercent", "60; use 0 to maxConnectionsPercent (50)"),
			}},
		{"direct with proxy settings, bad values", "    host: http://db\n    port: 70000\n    maxConnections: 1000\n    monolithConnections: -1\n    headroomPercent: 95\n    securityGroupId: sg-0123456789abcdef0\n    proxy: {maxConnectionsPercent: 50}\n",
			"  - {path: /a, function: api-a, reservedConcurrency: 1, database: {name: users}}\n", []manifest.Problem{
				prob(5, "databases[0].host", `"http://db" is neither a DNS name nor an IP address`),
				prob(6, "databases[0].port", "70000 is not a port; use 1 to 65535 (default 3306)"),
				prob(8, "databases[0].monolithConnections", "-1; give 0 or more"),
				prob(9, "databases[0].headroomPercent", "95; use 0 to 90 (default 20)"),
				prob(11, "databases[0].proxy", "set, but access is direct; remove proxy or set access: proxy (or existing-proxy)"),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, problemsOf(t, dbManifest(tt.database, tt.routes)), tt.want)
		})
	}
}

func TestDatabaseUnused(t *testing.T) {
	m := parse(t, dbManifest("    host: db.internal\n    instanceIdentifier: db\n    maxConnections: 151\n    monolithConnections: 0\n    securityGroupId: sg-0123456789abcdef0\n", "  - {path: /a, function: api-a}\n"))
	if want := "routes.yaml:4: databases[0]: database users: no route uses it (route database.name); remove it or name it on the routes whose functions connect to it"; !slices.Equal(m.Warnings(), []string{want}) {
		t.Errorf("warnings %q", m.Warnings())
	}
}

// The check against a model: for random functions and settings, synth
// refuses a direct database exactly when the model's sum (reserved x per
// environment, plus the unreserved pool x the largest per environment
// among unreserved users, plus the monolith) is over max_connections less
// the headroom.
func TestDatabaseCheckMatchesModel(t *testing.T) {
	seed := uint64(1)
	next := func(n int) int { // xorshift: reproducible without math/rand's global state
		seed ^= seed << 13
		seed ^= seed >> 7
		seed ^= seed << 17
		return int(seed % uint64(n))
	}
	for range 300 {
		quota := 200 + next(3)*400
		maxConns, monolith, headroom := 50+next(3000), next(500), next(50)
		var routes strings.Builder
		reservedAll, model, unreservedPer := 0, 0, 0
		var unreservedUsers, anyUser bool
		for f := range 1 + next(4) {
			per := 1 + next(3)
			uses := next(4) != 0
			fmt.Fprintf(&routes, "  - {path: /f%d, function: api-f%d", f, f)
			if r := next(3); r > 0 && reservedAll+r*40 <= quota-100 {
				reservedAll += r * 40
				fmt.Fprintf(&routes, ", reservedConcurrency: %d", r*40)
				if uses {
					model += r * 40 * per
				}
			} else if uses {
				unreservedUsers = true
				unreservedPer = max(unreservedPer, per)
			}
			if uses {
				anyUser = true
				fmt.Fprintf(&routes, ", database: {name: users, connectionsPerEnvironment: %d}", per)
			}
			routes.WriteString("}\n")
		}
		if unreservedUsers {
			model += (quota - reservedAll) * unreservedPer
		}
		src := strings.Replace(dbManifest(fmt.Sprintf("    host: db.internal\n    maxConnections: %d\n    monolithConnections: %d\n    headroomPercent: %d\n    securityGroupId: sg-0123456789abcdef0\n", maxConns, monolith, headroom), routes.String()),
			"regionalConcurrencyQuota: 1000", fmt.Sprintf("regionalConcurrencyQuota: %d", quota), 1)
		_, err := manifest.Parse([]byte(src), testFile, "")
		over := anyUser && model+monolith > maxConns*(100-headroom)/100
		if got := err != nil && strings.Contains(err.Error(), "database users: the functions can open"); got != over {
			t.Fatalf("model says over=%v (%d + %d vs %d%% of %d), synth says %v:\n%v\n%s", over, model, monolith, 100-headroom, maxConns, got, err, src)
		}
	}
}
