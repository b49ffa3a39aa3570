package manifest

import (
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/strangler-fig/strangler/awslimits"
)

// How functions reach a database (Database.Access).
const (
	// AccessDirect: each execution environment connects to the database.
	AccessDirect = "direct"
	// AccessProxy: through an RDS Proxy the stack creates in front of it.
	AccessProxy = "proxy"
	// AccessExistingProxy: through an RDS Proxy that already exists.
	AccessExistingProxy = "existing-proxy"
)

// Database defaults.
const (
	DefaultDatabaseEngine             = "mysql"
	DefaultDatabasePort               = 3306
	DefaultDatabaseHeadroomPercent    = 20
	DefaultConnectionsPerEnvironment  = 1
	DefaultProxyBorrowTimeoutSeconds  = 10
	MaxConnectionsPerEnvironment      = 100
	maxDatabaseHeadroomPercent        = 90
	maxProxyBorrowTimeoutSeconds      = 3600
	databaseEngineAuroraMySQL         = "aurora-mysql"
	defaultMaxConnectionsSourcePrefix = "manifest"
)

var databaseEngines = []string{"mysql", "mariadb", databaseEngineAuroraMySQL}

// Database is a MySQL-compatible database the functions use, usually the
// monolith's own: it is shared, so the connections the functions can open
// at once plus what the monolith keeps must stay under its max_connections.
type Database struct {
	// Name the routes use to refer to it (route database.name): a
	// lower-case letter, then up to 30 lower-case letters, digits or -. Required.
	Name string `yaml:"name" json:"name"`
	// Engine: "mysql", "mariadb" or "aurora-mysql". Default: "mysql".
	Engine string `yaml:"engine,omitempty" json:"engine,omitempty"`
	// InstanceIdentifier of an RDS DB instance, or ClusterIdentifier of an
	// Aurora cluster: what CloudWatch's DatabaseConnections is published
	// for (the quota watch reads it) and what a proxy the stack creates
	// points at. At most one. Default: none, a database known by Host only
	// (not on RDS): then it is checked at synth but not watched.
	InstanceIdentifier string `yaml:"instanceIdentifier,omitempty" json:"instanceIdentifier,omitempty"`
	ClusterIdentifier  string `yaml:"clusterIdentifier,omitempty" json:"clusterIdentifier,omitempty"`
	// Host of the database: its RDS endpoint (instance or cluster writer
	// endpoint) or DNS name. Required.
	Host string `yaml:"host" json:"host"`
	// Port of the database. Default: 3306.
	Port int `yaml:"port,omitempty" json:"port,omitempty"`
	// SecurityGroupID of the database: the stack allows connections into
	// it on Port from the functions (direct) or from the proxy it creates
	// (proxy), and from nothing else. Default: none, and then allow them
	// yourself (a warning says from where).
	SecurityGroupID string `yaml:"securityGroupId,omitempty" json:"securityGroupId,omitempty"`
	// MaxConnections is the server's max_connections (`SHOW VARIABLES LIKE
	// 'max_connections'`). Give it, or InstanceClass.
	MaxConnections int `yaml:"maxConnections,omitempty" json:"maxConnections,omitempty"`
	// InstanceClass, e.g. "db.r6g.large", to derive max_connections from
	// by RDS's default formula for MySQL and MariaDB,
	// {DBInstanceClassMemory/12582880}, with the class's nominal memory:
	// an upper bound (RDS subtracts what the OS keeps), so prefer
	// MaxConnections when you can read it. Not for aurora-mysql.
	InstanceClass string `yaml:"instanceClass,omitempty" json:"instanceClass,omitempty"`
	// MaxConnectionsSource says where MaxConnections comes from, for
	// reviewers, e.g. "SHOW VARIABLES on prod, 2024-05-02". Default: how
	// it was derived.
	MaxConnectionsSource string `yaml:"maxConnectionsSource,omitempty" json:"maxConnectionsSource,omitempty"`
	// MonolithConnections is what the monolith's pools keep open on the
	// database at most (pool size times servers, plus jobs and admin
	// tools). Required: 0 if nothing else uses it.
	MonolithConnections *int `yaml:"monolithConnections" json:"monolithConnections"`
	// HeadroomPercent of max_connections kept free of both the functions
	// and the monolith (operators, replicas, a deploy doubling a pool), 0
	// to 90. Default: 20, the quota alarms' 80%.
	HeadroomPercent *int `yaml:"headroomPercent,omitempty" json:"headroomPercent,omitempty"`
	// Access: how the functions reach it: "direct", "proxy" (an RDS Proxy
	// the stack creates; needs InstanceIdentifier or ClusterIdentifier)
	// or "existing-proxy". Default: "direct".
	Access string `yaml:"access,omitempty" json:"access,omitempty"`
	// Proxy settings, required with access proxy or existing-proxy.
	Proxy *DatabaseProxy `yaml:"proxy,omitempty" json:"proxy,omitempty"`
}

// DatabaseProxy is the RDS Proxy between the functions and a Database.
// The functions then connect to the proxy (the stack sets their DB_HOST
// to its endpoint), which keeps at most MaxConnectionsPercent of
// max_connections open to the database however many functions run.
type DatabaseProxy struct {
	// Name of an existing proxy (access existing-proxy): its CloudWatch
	// metrics are watched by this name. Required then; for a proxy the
	// stack creates, none (CloudFormation names it).
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Endpoint of an existing proxy. Required with existing-proxy.
	Endpoint string `yaml:"endpoint,omitempty" json:"endpoint,omitempty"`
	// SecurityGroupID of an existing proxy: the stack allows the functions
	// into it. Default: none (allow them yourself).
	SecurityGroupID string `yaml:"securityGroupId,omitempty" json:"securityGroupId,omitempty"`
	// SecretARN of the Secrets Manager secret (username and password) the
	// proxy the stack creates logs in to the database with: the complete
	// ARN, with its 6-character suffix. Required with access proxy.
	SecretARN string `yaml:"secretArn,omitempty" json:"secretArn,omitempty"`
	// IAMAuth makes the proxy the stack creates require IAM authentication
	// from the functions (each function's role is allowed rds-db:connect);
	// a function must then sign an IAM token as its password, which
	// api-user-id does not. Default: false (the password of the secret).
	IAMAuth bool `yaml:"iamAuth,omitempty" json:"iamAuth,omitempty"`
	// MaxConnectionsPercent of max_connections the proxy may open to the
	// database, 1 to 100. Default: 100 (AWS's), which leaves nothing for
	// the monolith: set it (synth says the largest value that fits).
	MaxConnectionsPercent int `yaml:"maxConnectionsPercent,omitempty" json:"maxConnectionsPercent,omitempty"`
	// MaxIdleConnectionsPercent of max_connections the proxy keeps open
	// while idle, 0 to MaxConnectionsPercent. Default: AWS's 50, or
	// MaxConnectionsPercent when lower.
	MaxIdleConnectionsPercent *int `yaml:"maxIdleConnectionsPercent,omitempty" json:"maxIdleConnectionsPercent,omitempty"`
	// IdleClientTimeoutSeconds: the proxy closes a client connection idle
	// this long, 1 to 28800. Default: AWS's 1800.
	IdleClientTimeoutSeconds int `yaml:"idleClientTimeoutSeconds,omitempty" json:"idleClientTimeoutSeconds,omitempty"`
	// ConnectionBorrowTimeoutSeconds a client waits for a database
	// connection when the pool is full before the proxy answers an
	// error; shorter than every using function's timeout, so the function
	// answers (503) rather than API Gateway (504). Default: 10 (AWS's
	// default, 120, outlasts any API Gateway request).
	ConnectionBorrowTimeoutSeconds int `yaml:"connectionBorrowTimeoutSeconds,omitempty" json:"connectionBorrowTimeoutSeconds,omitempty"`
}

// RouteDatabase is a route's function's use of a Database.
type RouteDatabase struct {
	// Name of one of the manifest's databases. Required.
	Name string `yaml:"name" json:"name"`
	// ConnectionsPerEnvironment is the most connections one execution
	// environment of the function keeps open (its pool's maximum),
	// 1 to 100. Default: 1, what api-user-id keeps.
	ConnectionsPerEnvironment int `yaml:"connectionsPerEnvironment,omitempty" json:"connectionsPerEnvironment,omitempty"`
}

// Database returns the function's use of a database, nil when it uses none.
func (f *Function) Database() *RouteDatabase {
	for _, r := range f.Routes {
		if r.Database != nil {
			return r.Database
		}
	}
	return nil
}

// Database returns the manifest's database named name, or nil.
func (m *Manifest) Database(name string) *Database {
	for i := range m.Databases {
		if m.Databases[i].Name == name {
			return &m.Databases[i]
		}
	}
	return nil
}

// EffectiveMaxConnections is the database's max_connections: given, or
// derived from its instance class (0 when neither is known), and where
// that number comes from.
func (d *Database) EffectiveMaxConnections() (int, string) {
	if d.MaxConnections > 0 {
		src := d.MaxConnectionsSource
		if src == "" {
			src = "maxConnections in the manifest"
		}
		return d.MaxConnections, src
	}
	gib, ok := awslimits.RDSInstanceClassMemoryGiB(d.InstanceClass)
	if !ok || d.Engine == databaseEngineAuroraMySQL {
		return 0, ""
	}
	n := int(gib * (1 << 30) / awslimits.RDSMySQLMaxConnectionsDivisor)
	return n, fmt.Sprintf("RDS's default {DBInstanceClassMemory/%d} for %s's %g GiB (an upper bound: the instance's own value is a little lower)",
		awslimits.RDSMySQLMaxConnectionsDivisor, d.InstanceClass, gib)
}

// Budget is the connections the functions and the monolith may hold
// together: max_connections less the headroom.
func (d *Database) Budget() int {
	n, _ := d.EffectiveMaxConnections()
	return n * (100 - *d.HeadroomPercent) / 100
}

// ProxyConnections is the most connections the proxy opens to the
// database (MaxConnectionsPercent of max_connections); 0 without a proxy.
func (d *Database) ProxyConnections() int {
	if d.Access == AccessDirect || d.Proxy == nil {
		return 0
	}
	n, _ := d.EffectiveMaxConnections()
	return n * d.Proxy.MaxConnectionsPercent / 100
}

// FunctionConnections is one function's share of a database's connections.
type FunctionConnections struct {
	Function string
	// Environments it can run at once: its reserved concurrency, or for
	// an unreserved function the whole unreserved pool (shared with the
	// other unreserved functions: see DatabaseLoad.Unreserved).
	Environments   int
	Reserved       bool
	PerEnvironment int
}

// DatabaseLoad is the connections the functions can open on one database at once.
type DatabaseLoad struct {
	Database  *Database
	Functions []FunctionConnections
	// Reserved is the sum over functions with reserved concurrency;
	// Unreserved is what the functions without it can open together: the
	// unreserved pool (regional quota minus every reservation of the
	// manifest) times the largest ConnectionsPerEnvironment among them.
	Reserved, Unreserved int
}

// Lambda is the connections the functions can open at once.
func (l DatabaseLoad) Lambda() int { return l.Reserved + l.Unreserved }

// DatabaseLoads computes, for each database, what the functions using it
// can open at once.
func (m *Manifest) DatabaseLoads() []DatabaseLoad {
	quota := m.Lambda.RegionalConcurrencyQuota
	reservedAll := 0
	for _, f := range m.Functions() {
		if c := f.ReservedConcurrency; c != nil && *c > 0 && *c <= quota {
			reservedAll += *c
		}
	}
	pool := max(quota-reservedAll, 0)
	var out []DatabaseLoad
	for i := range m.Databases {
		d := &m.Databases[i]
		load := DatabaseLoad{Database: d}
		perUnreserved := 0
		for _, f := range m.Functions() {
			use := f.Database()
			if use == nil || use.Name != d.Name {
				continue
			}
			fc := FunctionConnections{Function: f.Name, PerEnvironment: use.ConnectionsPerEnvironment, Environments: pool}
			if c := f.ReservedConcurrency; c != nil && *c > 0 {
				fc.Environments, fc.Reserved = min(*c, quota), true
				load.Reserved += fc.Environments * fc.PerEnvironment
			} else {
				perUnreserved = max(perUnreserved, fc.PerEnvironment)
			}
			load.Functions = append(load.Functions, fc)
		}
		load.Unreserved = pool * perUnreserved
		out = append(out, load)
	}
	return out
}

var (
	databaseName = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}$`)
	dbIdentifier = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,62}$`)
	// completeSecretARN ends in Secrets Manager's random 6-character suffix.
	completeSecretARN = regexp.MustCompile(`^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$`)
	proxyName         = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,62}$`)
)

// applyDatabaseDefaults fills the database defaults and lets the routes
// of a function write its database once (as mergeFunctionSettings does
// for the other settings).
func (m *Manifest) applyDatabaseDefaults() {
	for i := range m.Databases {
		d := &m.Databases[i]
		if d.Engine == "" {
			d.Engine = DefaultDatabaseEngine
		}
		if d.Port == 0 {
			d.Port = DefaultDatabasePort
		}
		if d.HeadroomPercent == nil {
			d.HeadroomPercent = ptr(DefaultDatabaseHeadroomPercent)
		}
		if d.Access == "" {
			d.Access = AccessDirect
		}
		if p := d.Proxy; p != nil {
			if p.MaxConnectionsPercent == 0 {
				p.MaxConnectionsPercent = awslimits.RDSProxyDefaultMaxConnectionsPercent
			}
			if p.MaxIdleConnectionsPercent == nil {
				p.MaxIdleConnectionsPercent = ptr(min(awslimits.RDSProxyDefaultMaxIdleConnectionsPercent, p.MaxConnectionsPercent))
			}
			if p.IdleClientTimeoutSeconds == 0 {
				p.IdleClientTimeoutSeconds = awslimits.RDSProxyDefaultIdleClientTimeoutSeconds
			}
			if p.ConnectionBorrowTimeoutSeconds == 0 {
				p.ConnectionBorrowTimeoutSeconds = DefaultProxyBorrowTimeoutSeconds
			}
		}
	}
	byFunction := map[string]*RouteDatabase{}
	for i := range m.Routes {
		if r := &m.Routes[i]; r.Function != "" && r.Database != nil {
			if r.Database.ConnectionsPerEnvironment == 0 {
				r.Database.ConnectionsPerEnvironment = DefaultConnectionsPerEnvironment
			}
			if _, seen := byFunction[r.Function]; !seen {
				byFunction[r.Function] = r.Database
			}
		}
	}
	for i := range m.Routes {
		if r := &m.Routes[i]; r.Database == nil && byFunction[r.Function] != nil {
			r.Database = byFunction[r.Function]
		}
	}
}

// databases checks the databases, the routes' use of them, and the
// connections the functions can open against each one's max_connections.
func (v *validator) databases() {
	m := v.m
	seen := map[string]int{}
	for i := range m.Databases {
		v.database(i, seen)
	}
	used := map[string]bool{}
	firstUse := map[string]int{}
	for i, r := range m.Routes {
		if r.Database == nil {
			continue
		}
		p := func(field string) string { return fmt.Sprintf("routes[%d].database.%s", i, field) }
		if _, set := v.lines[fmt.Sprintf("routes[%d].database", i)]; !set {
			// Inherited from another route of the function: checked there.
			continue
		}
		switch {
		case r.Function == "":
			v.at(fmt.Sprintf("routes[%d].database", i), "the route has no function to connect; remove database or give a function")
		case r.Database.Name == "":
			v.at(p("name"), "missing; name one of databases (%s)", strings.Join(databaseNames(m), ", "))
		case m.Database(r.Database.Name) == nil:
			v.at(p("name"), "%q is not one of databases (%s); add it under databases: or fix the name", r.Database.Name, strings.Join(databaseNames(m), ", "))
		}
		if d := m.Database(r.Database.Name); d != nil && d.Access != AccessDirect {
			for _, k := range []string{"DB_HOST", "DB_PORT"} {
				if _, set := r.Environment[k]; set {
					v.at(fmt.Sprintf("routes[%d].environment.%s", i, k), "database %s is reached through its proxy: the stack sets %s to the proxy's; remove it", d.Name, k)
				}
			}
		}
		if c := r.Database.ConnectionsPerEnvironment; c < 1 || c > MaxConnectionsPerEnvironment {
			v.at(p("connectionsPerEnvironment"), "%d; give the most connections one execution environment keeps open, 1 to %d (one environment serves one request at a time: 1 is enough for most)", c, MaxConnectionsPerEnvironment)
		}
		if j, ok := firstUse[r.Function]; ok && r.Function != "" && *m.Routes[j].Database != *r.Database {
			v.at(fmt.Sprintf("routes[%d].database", i), "differs from routes[%d] (%s), which %s also serves; one function has one database: write it once, on either route", j, m.Routes[j].Path, r.Function)
		} else if r.Function != "" && !ok {
			firstUse[r.Function] = i
		}
		used[r.Database.Name] = true
	}
	for i, d := range m.Databases {
		if d.Name != "" && !used[d.Name] && seen[d.Name] == i {
			v.warnAt(fmt.Sprintf("databases[%d]", i), "database %s: no route uses it (route database.name); remove it or name it on the routes whose functions connect to it", d.Name)
		}
	}
	v.databaseConnections()
}

func databaseNames(m *Manifest) []string {
	var names []string
	for _, d := range m.Databases {
		names = append(names, d.Name)
	}
	if len(names) == 0 {
		return []string{"none declared"}
	}
	return names
}

func (v *validator) database(i int, seen map[string]int) {
	d := &v.m.Databases[i]
	p := func(field string) string { return fmt.Sprintf("databases[%d].%s", i, field) }
	switch {
	case d.Name == "":
		v.at(p("name"), "missing; give the name routes use in database.name, e.g. users")
	case !databaseName.MatchString(d.Name):
		v.at(p("name"), "%q; a database name is a lower-case letter, then up to 30 lower-case letters, digits or - (it becomes part of construct IDs)", d.Name)
	default:
		if j, dup := seen[d.Name]; dup {
			v.at(p("name"), "%s is also databases[%d]; each database once", d.Name, j)
		} else {
			seen[d.Name] = i
		}
	}
	if !slices.Contains(databaseEngines, d.Engine) {
		v.at(p("engine"), "%q; use %s (the functions speak MySQL)", d.Engine, strings.Join(databaseEngines, ", "))
	}
	if d.InstanceIdentifier != "" && d.ClusterIdentifier != "" {
		v.at(p("clusterIdentifier"), "give instanceIdentifier (an RDS DB instance) or clusterIdentifier (an Aurora cluster), not both")
	}
	for field, id := range map[string]string{"instanceIdentifier": d.InstanceIdentifier, "clusterIdentifier": d.ClusterIdentifier} {
		if id != "" && (!dbIdentifier.MatchString(id) || strings.Contains(id, "--") || strings.HasSuffix(id, "-")) {
			v.at(p(field), "%q is not an RDS identifier (a letter, then up to 62 letters, digits or single hyphens)", id)
		}
	}
	if d.Host == "" {
		v.at(p("host"), "missing; give the database's endpoint, e.g. users.abc123.eu-west-1.rds.amazonaws.com")
	} else if _, err := netip.ParseAddr(d.Host); err != nil && !domainName.MatchString(strings.ToLower(d.Host)) {
		v.at(p("host"), "%q is neither a DNS name nor an IP address", d.Host)
	}
	if d.Port < 1 || d.Port > 65535 {
		v.at(p("port"), "%d is not a port; use 1 to 65535 (default 3306)", d.Port)
	}
	if d.SecurityGroupID != "" && !sgID.MatchString(d.SecurityGroupID) {
		v.at(p("securityGroupId"), "%q is not a security group ID like sg-0123456789abcdef0", d.SecurityGroupID)
	}
	switch {
	case d.MaxConnections != 0 && d.InstanceClass != "":
		v.at(p("instanceClass"), "give maxConnections or instanceClass, not both (maxConnections wins: remove instanceClass)")
	case d.MaxConnections < 0:
		v.at(p("maxConnections"), "%d; give the server's max_connections (SHOW VARIABLES LIKE 'max_connections'; MySQL's default is %d)", d.MaxConnections, awslimits.MySQLDefaultMaxConnections)
	case d.MaxConnections == 0 && d.InstanceClass == "":
		v.at(p("maxConnections"), "missing; give the server's max_connections (SHOW VARIABLES LIKE 'max_connections'; MySQL's default is %d), or instanceClass to derive it from", awslimits.MySQLDefaultMaxConnections)
	case d.MaxConnections == 0 && d.Engine == databaseEngineAuroraMySQL:
		v.at(p("instanceClass"), "Aurora MySQL derives max_connections by another formula; give maxConnections (SHOW VARIABLES LIKE 'max_connections')")
	case d.MaxConnections == 0:
		if _, ok := awslimits.RDSInstanceClassMemoryGiB(d.InstanceClass); !ok {
			v.at(p("instanceClass"), "%q is not a class whose memory is known here (db.t3/t4g, db.m5/m6g/m6i/m7g, db.r5/r6g/r6i/r7g, e.g. db.r6g.large); give maxConnections (SHOW VARIABLES LIKE 'max_connections')", d.InstanceClass)
		}
	}
	if d.MonolithConnections == nil {
		v.at(p("monolithConnections"), "missing; give the connections the monolith keeps open on this database at most (pool size x servers, plus jobs), 0 if none: the functions share max_connections with it")
	} else if *d.MonolithConnections < 0 {
		v.at(p("monolithConnections"), "%d; give 0 or more", *d.MonolithConnections)
	}
	if h := *d.HeadroomPercent; h < 0 || h > maxDatabaseHeadroomPercent {
		v.at(p("headroomPercent"), "%d; use 0 to %d (default %d)", h, maxDatabaseHeadroomPercent, DefaultDatabaseHeadroomPercent)
	}
	v.databaseAccess(i)
}

func (v *validator) databaseAccess(i int) {
	d := &v.m.Databases[i]
	p := func(field string) string { return fmt.Sprintf("databases[%d].%s", i, field) }
	px := d.Proxy
	switch d.Access {
	case AccessDirect:
		if px != nil {
			v.at(p("proxy"), "set, but access is direct; remove proxy or set access: proxy (or existing-proxy)")
		}
		if d.SecurityGroupID == "" {
			v.warnAt(p("securityGroupId"), "not given: allow the functions' security group into database %s on port %d yourself", d.Name, d.Port)
		}
		if d.InstanceIdentifier == "" && d.ClusterIdentifier == "" {
			v.warnAt(p("host"), "database %s is known by host only: checked at synth, but not watched (CloudWatch publishes DatabaseConnections for RDS instances and clusters: give instanceIdentifier or clusterIdentifier)", d.Name)
		}
		return
	case AccessProxy, AccessExistingProxy:
	default:
		v.at(p("access"), "%q; use %s (each environment connects), %s (an RDS Proxy the stack creates) or %s", d.Access, AccessDirect, AccessProxy, AccessExistingProxy)
		return
	}
	if px == nil {
		v.at(p("proxy"), "missing; access %s needs proxy settings (at least %s)", d.Access, map[string]string{AccessProxy: "secretArn and maxConnectionsPercent", AccessExistingProxy: "name, endpoint and maxConnectionsPercent"}[d.Access])
		return
	}
	pp := func(field string) string { return p("proxy." + field) }
	if d.Access == AccessProxy {
		if d.InstanceIdentifier == "" && d.ClusterIdentifier == "" {
			v.at(p("access"), "an RDS Proxy the stack creates needs an RDS target: give instanceIdentifier or clusterIdentifier (RDS Proxy cannot front a database outside RDS)")
		}
		if px.Name != "" || px.Endpoint != "" || px.SecurityGroupID != "" {
			v.at(pp("name"), "name, endpoint and securityGroupId describe an existing proxy; remove them, or set access: existing-proxy")
		}
		if px.SecretARN == "" {
			v.at(pp("secretArn"), "missing; give the Secrets Manager secret (username, password) the proxy logs in to the database with")
		} else if !completeSecretARN.MatchString(px.SecretARN) {
			v.at(pp("secretArn"), "%q is not a complete Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf, with the 6-character suffix): RDS Proxy needs the complete ARN", px.SecretARN)
		}
		if d.SecurityGroupID == "" {
			v.warnAt(p("securityGroupId"), "not given: allow the proxy's security group (output of the stack) into database %s on port %d yourself", d.Name, d.Port)
		}
	} else {
		if !proxyName.MatchString(px.Name) || strings.Contains(px.Name, "--") || strings.HasSuffix(px.Name, "-") {
			v.at(pp("name"), "%q; give the existing proxy's name (its CloudWatch metrics are watched by it)", px.Name)
		}
		if px.Endpoint == "" || !domainName.MatchString(strings.ToLower(px.Endpoint)) {
			v.at(pp("endpoint"), "%q; give the existing proxy's endpoint, e.g. users.proxy-abc123.eu-west-1.rds.amazonaws.com", px.Endpoint)
		}
		if px.SecurityGroupID != "" && !sgID.MatchString(px.SecurityGroupID) {
			v.at(pp("securityGroupId"), "%q is not a security group ID like sg-0123456789abcdef0", px.SecurityGroupID)
		}
		if px.SecretARN != "" || px.IAMAuth {
			v.at(pp("secretArn"), "secretArn and iamAuth configure a proxy the stack creates; an existing proxy keeps its own: remove them")
		}
		if px.SecurityGroupID == "" {
			v.warnAt(pp("securityGroupId"), "not given: allow the functions' security group into proxy %s on port %d yourself", px.Name, d.Port)
		}
	}
	if c := px.MaxConnectionsPercent; c < 1 || c > 100 {
		v.at(pp("maxConnectionsPercent"), "%d; use 1 to 100 (a share of max_connections)", c)
	} else if c := *px.MaxIdleConnectionsPercent; c < 0 || c > px.MaxConnectionsPercent {
		v.at(pp("maxIdleConnectionsPercent"), "%d; use 0 to maxConnectionsPercent (%d)", c, px.MaxConnectionsPercent)
	}
	if t := px.IdleClientTimeoutSeconds; t < 1 || t > awslimits.RDSProxyMaxIdleClientTimeoutSeconds {
		v.at(pp("idleClientTimeoutSeconds"), "%d; use 1 to %d seconds (default %d)", t, awslimits.RDSProxyMaxIdleClientTimeoutSeconds, awslimits.RDSProxyDefaultIdleClientTimeoutSeconds)
	}
	if t := px.ConnectionBorrowTimeoutSeconds; t < 1 || t > maxProxyBorrowTimeoutSeconds {
		v.at(pp("connectionBorrowTimeoutSeconds"), "%d; use 1 to %d seconds, shorter than the functions' timeout (default %d)", t, maxProxyBorrowTimeoutSeconds, DefaultProxyBorrowTimeoutSeconds)
	} else {
		for _, f := range v.m.Functions() {
			if use := f.Database(); use != nil && use.Name == d.Name && t >= f.TimeoutSeconds {
				v.at(pp("connectionBorrowTimeoutSeconds"), "%d s is not shorter than %s's timeout (%d s): a request waiting for a connection would time out in the function and reach the caller as a 504; use less than %d", t, f.Name, f.TimeoutSeconds, f.TimeoutSeconds)
				break
			}
		}
	}
}

// databaseConnections: the synth-time check of connections against
// max_connections, with headroom.
func (v *validator) databaseConnections() {
	for i, load := range v.m.DatabaseLoads() {
		d := load.Database
		maxConns, source := d.EffectiveMaxConnections()
		if maxConns == 0 || d.MonolithConnections == nil || *d.HeadroomPercent < 0 || *d.HeadroomPercent > maxDatabaseHeadroomPercent {
			continue // reported on the database
		}
		if d.Access != AccessDirect && (d.Proxy == nil || d.Proxy.MaxConnectionsPercent < 1 || d.Proxy.MaxConnectionsPercent > 100) {
			continue // reported on the proxy
		}
		if len(load.Functions) == 0 {
			continue
		}
		budget, monolith := d.Budget(), *d.MonolithConnections
		limit := fmt.Sprintf("%d (max_connections %d from %s, less %d%% headroom)", budget, maxConns, source, *d.HeadroomPercent)
		path := fmt.Sprintf("databases[%d]", i)
		if d.Access == AccessDirect {
			lambda := load.Lambda()
			if need := lambda + monolith; need > budget {
				v.at(path, "database %s: the functions can open %d connections at once (%s) and the monolith keeps %d: %d, over %s by %d; %s, or go through an RDS Proxy (access: proxy), or raise max_connections",
					d.Name, lambda, describeLoad(load), monolith, need, limit, need-budget, reserveFix(load, budget-monolith))
			}
			continue
		}
		proxy := d.ProxyConnections()
		if need := proxy + monolith; need > budget {
			fit := (budget - monolith) * 100 / maxConns
			fix := fmt.Sprintf("set proxy.maxConnectionsPercent to at most %d", fit)
			if fit < 1 {
				fix = "the monolith alone leaves the proxy nothing: lower monolithConnections or raise max_connections"
			}
			v.at(path+".proxy.maxConnectionsPercent", "database %s: the proxy may open %d connections (%d%% of max_connections %d) and the monolith keeps %d: %d, over %s by %d; %s",
				d.Name, proxy, d.Proxy.MaxConnectionsPercent, maxConns, monolith, need, limit, need-budget, fix)
		}
	}
}

// describeLoad lists each function's connections: "api-a: 100 reserved x 1; api-b, api-c: unreserved, together up to 800 x 2".
func describeLoad(l DatabaseLoad) string {
	var parts, unreserved []string
	per := 0
	for _, f := range l.Functions {
		if f.Reserved {
			parts = append(parts, fmt.Sprintf("%s: %d reserved x %d", f.Function, f.Environments, f.PerEnvironment))
		} else {
			unreserved = append(unreserved, f.Function)
			per = max(per, f.PerEnvironment)
		}
	}
	if len(unreserved) > 0 {
		envs := 0
		if per > 0 {
			envs = l.Unreserved / per
		}
		parts = append(parts, fmt.Sprintf("%s: unreserved, together up to the %d unreserved environments x %d", strings.Join(unreserved, ", "), envs, per))
	}
	return strings.Join(parts, "; ")
}

// reserveFix says how much concurrency the functions may reserve so that
// their connections fit room.
func reserveFix(l DatabaseLoad, room int) string {
	var names []string
	perEnv := 0
	for _, f := range l.Functions {
		names = append(names, f.Function)
		perEnv += f.PerEnvironment
	}
	if room < len(l.Functions) {
		return "the monolith leaves the functions no room: lower monolithConnections"
	}
	// An even share of room between the functions, in environments.
	share := int(math.Floor(float64(room) / float64(perEnv)))
	each := ""
	if len(names) > 1 {
		each = " each"
	}
	return fmt.Sprintf("give %s reservedConcurrency of at most %d%s (%d connections for the functions)", strings.Join(names, ", "), share, each, room)
}
