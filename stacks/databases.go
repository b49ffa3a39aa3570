package stacks

import (
	"fmt"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsrds"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/internal/durations"
	"github.com/strangler-fig/strangler/manifest"
)

// wireDatabases makes what the manifest's databases need before the
// functions exist: an RDS Proxy for access: proxy, and the security group
// rules into the database (direct) or the proxy (existing-proxy).
func (s *MigrationStack) wireDatabases(m *manifest.Manifest) {
	for i := range m.Databases {
		d := &m.Databases[i]
		id := "Database" + pascal(d.Name)
		port := awsec2.Port_Tcp(jsii.Number(float64(d.Port)))
		switch d.Access {
		case manifest.AccessDirect:
			if d.SecurityGroupID != "" {
				sg := awsec2.SecurityGroup_FromSecurityGroupId(s.Stack, jsii.String(id+"SecurityGroup"), jsii.String(d.SecurityGroupID), nil)
				sg.AddIngressRule(s.Network.SecurityGroup, port, jsii.String("API functions to database "+d.Name), nil)
			}
		case manifest.AccessExistingProxy:
			if d.Proxy.SecurityGroupID != "" {
				sg := awsec2.SecurityGroup_FromSecurityGroupId(s.Stack, jsii.String(id+"ProxySecurityGroup"), jsii.String(d.Proxy.SecurityGroupID), nil)
				sg.AddIngressRule(s.Network.SecurityGroup, port, jsii.String("API functions to the proxy of database "+d.Name), nil)
			}
		case manifest.AccessProxy:
			s.DatabaseProxies[d.Name] = s.newDatabaseProxy(id, d)
		}
	}
}

func (s *MigrationStack) newDatabaseProxy(id string, d *manifest.Database) *constructs.DatabaseProxy {
	props := &constructs.DatabaseProxyProps{
		Vpc:                       s.Network.Vpc,
		VpcSubnets:                s.Network.Subnets,
		Secret:                    awssecretsmanager.Secret_FromSecretCompleteArn(s.Stack, jsii.String(id+"Secret"), jsii.String(d.Proxy.SecretARN)),
		Port:                      jsii.Number(float64(d.Port)),
		ClientSecurityGroups:      []awsec2.ISecurityGroup{s.Network.SecurityGroup},
		IamAuth:                   jsii.Bool(d.Proxy.IAMAuth),
		MaxConnectionsPercent:     jsii.Number(float64(d.Proxy.MaxConnectionsPercent)),
		MaxIdleConnectionsPercent: jsii.Number(float64(*d.Proxy.MaxIdleConnectionsPercent)),
		IdleClientTimeout:         seconds(d.Proxy.IdleClientTimeoutSeconds),
		BorrowTimeout:             seconds(d.Proxy.ConnectionBorrowTimeoutSeconds),
	}
	// No MaxConnections: the quota watch alarms on the proxy's share
	// (ProxyDatabaseConnections), like on every other limit.
	if d.SecurityGroupID != "" {
		props.DatabaseSecurityGroup = awsec2.SecurityGroup_FromSecurityGroupId(s.Stack, jsii.String(id+"SecurityGroup"), jsii.String(d.SecurityGroupID), nil)
	}
	// Imported by attributes (no account lookup) and without security
	// groups: the rules come from DatabaseSecurityGroup.
	noGroups := &[]awsec2.ISecurityGroup{}
	if d.InstanceIdentifier != "" {
		engine := awsrds.DatabaseInstanceEngine_MYSQL()
		if d.Engine == "mariadb" {
			engine = awsrds.DatabaseInstanceEngine_MARIADB()
		}
		props.Instance = awsrds.DatabaseInstance_FromDatabaseInstanceAttributes(s.Stack, jsii.String(id), &awsrds.DatabaseInstanceAttributes{
			InstanceIdentifier: jsii.String(d.InstanceIdentifier), InstanceEndpointAddress: jsii.String(d.Host),
			Port: jsii.Number(float64(d.Port)), SecurityGroups: noGroups, Engine: engine,
		})
	} else {
		props.Cluster = awsrds.DatabaseCluster_FromDatabaseClusterAttributes(s.Stack, jsii.String(id), &awsrds.DatabaseClusterAttributes{
			ClusterIdentifier: jsii.String(d.ClusterIdentifier), ClusterEndpointAddress: jsii.String(d.Host),
			Port: jsii.Number(float64(d.Port)), SecurityGroups: noGroups, Engine: awsrds.DatabaseClusterEngine_AURORA_MYSQL(),
		})
	}
	p := constructs.NewDatabaseProxy(s.Stack, jsii.String(id+"Proxy"), props)
	output(s.Stack, id+"ProxyEndpoint", p.Endpoint, fmt.Sprintf("RDS Proxy of database %s: the functions' DB_HOST", d.Name))
	output(s.Stack, id+"ProxySecurityGroup", p.SecurityGroup.SecurityGroupId(), fmt.Sprintf("Security group of the RDS Proxy of database %s: allow it into the database on port %d", d.Name, d.Port))
	return p
}

// connectFunction points a function that uses a database through a proxy
// at the proxy (DB_HOST and DB_PORT override its secret's host and port),
// and lets it connect with IAM when the proxy requires it.
func (s *MigrationStack) connectFunction(m *manifest.Manifest, f *manifest.Function, fn *constructs.ApiFunction) {
	use := f.Database()
	if use == nil {
		return
	}
	d := m.Database(use.Name)
	switch d.Access {
	case manifest.AccessProxy:
		p := s.DatabaseProxies[d.Name]
		fn.Function.AddEnvironment(jsii.String("DB_HOST"), p.Endpoint, nil)
		fn.Function.AddEnvironment(jsii.String("DB_PORT"), jsii.String(strconv.Itoa(d.Port)), nil)
		if d.Proxy.IAMAuth {
			p.GrantConnect(fn.Function, nil)
		}
	case manifest.AccessExistingProxy:
		fn.Function.AddEnvironment(jsii.String("DB_HOST"), jsii.String(d.Proxy.Endpoint), nil)
		fn.Function.AddEnvironment(jsii.String("DB_PORT"), jsii.String(strconv.Itoa(d.Port)), nil)
	}
}

// connectsWithIAM reports whether f connects to a proxy requiring IAM
// authentication: its role is then allowed rds-db:connect.
func connectsWithIAM(m *manifest.Manifest, f *manifest.Function) bool {
	use := f.Database()
	if use == nil {
		return false
	}
	d := m.Database(use.Name)
	return d.Access == manifest.AccessProxy && d.Proxy.IAMAuth
}

// watchedDatabases are the databases the quota watch reads: those with a
// CloudWatch metric (an RDS instance or cluster, or a proxy).
func (s *MigrationStack) watchedDatabases(m *manifest.Manifest) []constructs.QuotaWatchDatabase {
	var out []constructs.QuotaWatchDatabase
	for _, load := range m.DatabaseLoads() {
		d := load.Database
		maxConns, _ := d.EffectiveMaxConnections()
		w := constructs.QuotaWatchDatabase{Name: d.Name, MaxConnections: float64(maxConns)}
		if d.InstanceIdentifier != "" {
			w.InstanceIdentifier = jsii.String(d.InstanceIdentifier)
		}
		if d.ClusterIdentifier != "" {
			w.ClusterIdentifier = jsii.String(d.ClusterIdentifier)
		}
		switch d.Access {
		case manifest.AccessProxy:
			w.ProxyName = s.DatabaseProxies[d.Name].Proxy.DbProxyName()
		case manifest.AccessExistingProxy:
			w.ProxyName = jsii.String(d.Proxy.Name)
		}
		if w.ProxyName != nil {
			w.ProxyMaxConnections = float64(d.ProxyConnections())
			w.FunctionConnections = float64(load.Lambda())
		}
		if w.InstanceIdentifier != nil || w.ClusterIdentifier != nil || w.ProxyName != nil {
			out = append(out, w)
		}
	}
	return out
}

// seconds is awscdk.Duration_Seconds(n), one object per value (a round
// trip to Node each, asked for every function and behaviour otherwise).
func seconds(n int) awscdk.Duration { return durations.Seconds(float64(n)) }
