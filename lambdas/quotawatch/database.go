package quotawatch

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/strangler-fig/strangler/awslimits"
)

// Values of the Quota dimension for databases; each also has the
// dimension Database (the manifest's name of the database).
const (
	// QuotaDatabaseConnections: the database's DatabaseConnections (every
	// client: the functions or their proxy, the monolith, operators)
	// against its max_connections.
	QuotaDatabaseConnections = awslimits.QuotaDatabaseConnections
	// QuotaProxyDatabaseConnections: the proxy's connections to the
	// database against the most it may open (MaxConnectionsPercent of
	// max_connections).
	QuotaProxyDatabaseConnections = awslimits.QuotaProxyDatabaseConnections
	// QuotaProxyClientConnections: the functions' connections to the
	// proxy against the most they can open (every environment the
	// functions can run, times its connections). No AWS limit: for graphs.
	QuotaProxyClientConnections = awslimits.QuotaProxyClientConnections
)

// DimensionDatabase names the database of a database quota.
const DimensionDatabase = awslimits.QuotaWatchDimensionDatabase

// EnvDatabases holds the databases to watch, as JSON (see Database).
const EnvDatabases = "DATABASES"

// Database is one database to watch. The limits come from the manifest,
// checked at synth: max_connections is a server setting, not a quota
// Service Quotas knows.
type Database struct {
	// Name of the database in the manifest: the Database dimension.
	Name string `json:"name"`
	// InstanceIdentifier (an RDS DB instance) or ClusterIdentifier (an
	// Aurora cluster) whose DatabaseConnections is read; neither: the
	// database itself is not watched.
	InstanceIdentifier string `json:"instanceIdentifier,omitempty"`
	ClusterIdentifier  string `json:"clusterIdentifier,omitempty"`
	// MaxConnections is the server's max_connections.
	MaxConnections float64 `json:"maxConnections"`
	// ProxyName of the RDS Proxy in front of it, if any; then
	// ProxyMaxConnections is the most it opens to the database and
	// FunctionConnections the most the functions can open to it.
	ProxyName           string  `json:"proxyName,omitempty"`
	ProxyMaxConnections float64 `json:"proxyMaxConnections,omitempty"`
	FunctionConnections float64 `json:"functionConnections,omitempty"`
}

// parseDatabases reads DATABASES.
func parseDatabases(s string) ([]Database, error) {
	if s == "" {
		return nil, nil
	}
	var dbs []Database
	if err := json.Unmarshal([]byte(s), &dbs); err != nil {
		return nil, fmt.Errorf("%s is not a JSON list of databases: %w", EnvDatabases, err)
	}
	for i, d := range dbs {
		switch {
		case d.Name == "":
			return nil, fmt.Errorf("%s[%d] has no name", EnvDatabases, i)
		case d.InstanceIdentifier != "" && d.ClusterIdentifier != "":
			return nil, fmt.Errorf("%s[%d] (%s) has both instanceIdentifier and clusterIdentifier", EnvDatabases, i, d.Name)
		case !(d.MaxConnections > 0):
			return nil, fmt.Errorf("%s[%d] (%s) has no positive maxConnections", EnvDatabases, i, d.Name)
		case d.ProxyName != "" && !(d.ProxyMaxConnections > 0):
			return nil, fmt.Errorf("%s[%d] (%s) has a proxy but no positive proxyMaxConnections", EnvDatabases, i, d.Name)
		}
	}
	return dbs, nil
}

// dbQuery is one metric read for a database quota.
type dbQuery struct {
	id, quota string
	db        Database
	metric    cwtypes.Metric
	stat      string
	limit     float64
}

// databaseQueries lists the metrics to read. A proxy publishes its
// metrics from each of the nodes serving it: their Sum per minute is the
// proxy's (AWS: "Use CloudWatch statistics to aggregate the values for a
// proxy across all the associated instances"); a DB instance or cluster
// publishes one value a minute: its Maximum.
func (w *Watcher) databaseQueries() []dbQuery {
	var qs []dbQuery
	dim := func(name, value string) []cwtypes.Dimension {
		return []cwtypes.Dimension{{Name: aws.String(name), Value: aws.String(value)}}
	}
	metric := func(name string, dims []cwtypes.Dimension) cwtypes.Metric {
		return cwtypes.Metric{Namespace: aws.String(awslimits.RDSMetricNamespace), MetricName: aws.String(name), Dimensions: dims}
	}
	for i, d := range w.Config.Databases {
		n := strconv.Itoa(i)
		switch {
		case d.InstanceIdentifier != "":
			qs = append(qs, dbQuery{"db" + n, QuotaDatabaseConnections, d, metric(awslimits.RDSMetricDatabaseConnections, dim(awslimits.RDSDimensionDBInstance, d.InstanceIdentifier)), "Maximum", d.MaxConnections})
		case d.ClusterIdentifier != "":
			qs = append(qs, dbQuery{"db" + n, QuotaDatabaseConnections, d, metric(awslimits.RDSMetricDatabaseConnections, dim(awslimits.RDSDimensionDBCluster, d.ClusterIdentifier)), "Maximum", d.MaxConnections})
		}
		if d.ProxyName != "" {
			proxy := dim(awslimits.RDSDimensionProxyName, d.ProxyName)
			qs = append(qs, dbQuery{"proxydb" + n, QuotaProxyDatabaseConnections, d, metric(awslimits.RDSMetricDatabaseConnections, proxy), "Sum", d.ProxyMaxConnections})
			if d.FunctionConnections > 0 {
				qs = append(qs, dbQuery{"proxyclients" + n, QuotaProxyClientConnections, d, metric(awslimits.RDSProxyMetricClientConnections, proxy), "Sum", d.FunctionConnections})
			}
		}
	}
	return qs
}

// databaseConnections measures each database's connections (and its
// proxy's) against their limits: the peak per minute over the last 5
// whole minutes, from one GetMetricData call.
func (w *Watcher) databaseConnections(ctx context.Context) ([]Measurement, []error) {
	qs := w.databaseQueries()
	if len(qs) == 0 {
		return nil, nil
	}
	end := w.now().UTC().Truncate(time.Minute)
	in := &cloudwatch.GetMetricDataInput{StartTime: aws.Time(end.Add(-5 * time.Minute)), EndTime: aws.Time(end)}
	for _, q := range qs {
		in.MetricDataQueries = append(in.MetricDataQueries, cwtypes.MetricDataQuery{
			Id:         aws.String(q.id),
			MetricStat: &cwtypes.MetricStat{Metric: &q.metric, Period: aws.Int32(60), Stat: aws.String(q.stat)},
			ReturnData: aws.Bool(true),
		})
	}
	peaks := map[string]float64{}
	failed := map[string]error{}
	p := cloudwatch.NewGetMetricDataPaginator(w.CloudWatch, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, []error{&ReadError{Check: QuotaDatabaseConnections, What: "CloudWatch AWS/RDS connection metrics", Err: err}}
		}
		for _, r := range page.MetricDataResults {
			id := aws.ToString(r.Id)
			if r.StatusCode == cwtypes.StatusCodeForbidden || r.StatusCode == cwtypes.StatusCodeInternalError {
				failed[id] = fmt.Errorf("query %q answered status %s", id, r.StatusCode)
				continue
			}
			peak := peaks[id] // 0 without data: no connection open
			for _, v := range r.Values {
				peak = max(peak, v)
			}
			peaks[id] = peak
		}
	}
	var out []Measurement
	var errs []error
	for _, q := range qs {
		peak, found := peaks[q.id]
		err := failed[q.id]
		if err == nil && !found {
			err = fmt.Errorf("the answer has no result for query %q", q.id)
		}
		if err != nil {
			what := fmt.Sprintf("CloudWatch AWS/RDS %s for database %s", aws.ToString(q.metric.MetricName), q.db.Name)
			errs = append(errs, &ReadError{Check: q.quota, What: what, Err: err})
			continue
		}
		out = append(out, Measurement{Quota: q.quota, Database: q.db.Name, Usage: peak, Limit: q.limit, Unit: cwtypes.StandardUnitCount})
	}
	return out, errs
}
