package awslimits

import (
	"strconv"
	"strings"
)

// MySQL facts.
const (
	// MySQLDefaultMaxConnections is max_connections when nothing sets it.
	// Source: MySQL 8.0 Reference Manual, Server System Variables, max_connections,
	// https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_max_connections
	MySQLDefaultMaxConnections = 151

	// MySQLErrTooManyConnections (ER_CON_COUNT_ERROR, "Too many
	// connections") is the error a server answers the handshake with once
	// max_connections are open; MySQLErrUserLimitReached
	// (ER_USER_LIMIT_REACHED) is the same for a user's
	// max_user_connections. Source: MySQL 8.0 Error Reference, Server
	// Error Message Reference,
	// https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html
	MySQLErrTooManyConnections = 1040
	MySQLErrUserLimitReached   = 1226
)

// RDS for MySQL and MariaDB: the default max_connections of the default
// parameter group is {DBInstanceClassMemory/12582880}, where
// DBInstanceClassMemory is the instance class's memory in bytes minus what
// the operating system and RDS keep (so less than the class's nominal
// memory: a value derived from the nominal memory is an upper bound).
// Source: Amazon RDS User Guide, "Quotas and constraints for Amazon RDS",
// Maximum number of database connections,
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections
const RDSMySQLMaxConnectionsDivisor = 12582880

// RDS Proxy settings and their defaults.
// Source: Amazon RDS User Guide, "RDS Proxy connection considerations",
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html
// and "Configuration guidelines" (minimum, maximum and default of each),
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-best-practices.configuration.html
const (
	// RDSProxyDefaultMaxConnectionsPercent: the proxy may open up to this
	// share of the target's max_connections (1 to 100).
	RDSProxyDefaultMaxConnectionsPercent = 100
	// RDSProxyDefaultMaxIdleConnectionsPercent: idle connections it keeps,
	// as a share of max_connections (0 to MaxConnectionsPercent).
	RDSProxyDefaultMaxIdleConnectionsPercent = 50
	// RDSProxyDefaultIdleClientTimeoutSeconds: a client connection idle
	// this long is closed by the proxy (30 minutes).
	RDSProxyDefaultIdleClientTimeoutSeconds = 1800
	// RDSProxyMaxIdleClientTimeoutSeconds is the largest IdleClientTimeout
	// (8 hours). Uncertain: taken from the CreateDBProxy API reference,
	// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBProxy.html
	// (and what CDK's DatabaseProxy checks), not the guide above.
	RDSProxyMaxIdleClientTimeoutSeconds = 28800
	// RDSProxyDefaultConnectionBorrowTimeoutSeconds: a client waits this
	// long for a database connection when the pool is full, then gets an
	// error (2 minutes: longer than API Gateway's 29 s integration timeout).
	RDSProxyDefaultConnectionBorrowTimeoutSeconds = 120
	// RDSProxiesPerAccount is the quota of proxies per account and Region.
	// Source: Amazon RDS User Guide, "Amazon RDS Proxy", Quotas and limitations,
	// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html
	RDSProxiesPerAccount = 20
)

// CloudWatch metrics of RDS and RDS Proxy: namespace AWS/RDS.
// Sources: Amazon RDS User Guide, "Amazon CloudWatch metrics for Amazon RDS",
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html
// and "Monitoring RDS Proxy metrics with Amazon CloudWatch",
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html
const (
	RDSMetricNamespace = "AWS/RDS"
	// RDSMetricDatabaseConnections is, per DB instance (dimension
	// DBInstanceIdentifier) or Aurora cluster (DBClusterIdentifier), the
	// client connections open on the database; per proxy (dimension
	// ProxyName) the proxy's connections to its database.
	RDSMetricDatabaseConnections = "DatabaseConnections"
	// RDSProxyMetricClientConnections is the proxy's current connections
	// from clients (dimension ProxyName).
	RDSProxyMetricClientConnections = "ClientConnections"

	RDSDimensionDBInstance = "DBInstanceIdentifier"
	RDSDimensionDBCluster  = "DBClusterIdentifier"
	RDSDimensionProxyName  = "ProxyName"
)

// RDSInstanceClassMemoryGiB is the nominal memory of the RDS DB instance
// classes whose memory follows their size: burstable db.t3/db.t4g
// (micro 1 GiB, small 2, medium 4, large 8, xlarge 16, 2xlarge 32),
// general purpose db.m5/m6g/m6i/m7g (4 GiB per vCPU) and memory optimised
// db.r5/r6g/r6i/r7g (8 GiB per vCPU), where large has 2 vCPUs, xlarge 4
// and Nxlarge 4N. Other classes report false: give max_connections itself.
// Source: Amazon RDS User Guide, "Hardware specifications for DB instance classes",
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html
func RDSInstanceClassMemoryGiB(class string) (float64, bool) {
	parts := strings.Split(class, ".")
	if len(parts) != 3 || parts[0] != "db" {
		return 0, false
	}
	family, size := parts[1], parts[2]
	switch family {
	case "t3", "t4g":
		gib, ok := map[string]float64{"micro": 1, "small": 2, "medium": 4, "large": 8, "xlarge": 16, "2xlarge": 32}[size]
		return gib, ok
	case "m5", "m6g", "m6i", "m7g":
		return perVCPU(size, 4)
	case "r5", "r6g", "r6i", "r7g":
		return perVCPU(size, 8)
	}
	return 0, false
}

func perVCPU(size string, gibPerVCPU float64) (float64, bool) {
	vcpus := 0.0
	switch {
	case size == "large":
		vcpus = 2
	case size == "xlarge":
		vcpus = 4
	case strings.HasSuffix(size, "xlarge"):
		n, err := strconv.Atoi(strings.TrimSuffix(size, "xlarge"))
		if err != nil || n < 2 || n > 32 {
			return 0, false
		}
		vcpus = 4 * float64(n)
	default:
		return 0, false
	}
	return vcpus * gibPerVCPU, true
}
