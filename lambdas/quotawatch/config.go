package quotawatch

import (
	"fmt"
	"strings"

	"github.com/strangler-fig/strangler/awslimits"
)

// DefaultNamespace is the CloudWatch namespace the metrics go to when
// METRIC_NAMESPACE is unset.
const DefaultNamespace = awslimits.QuotaWatchNamespace

// Config says what to watch. Every check whose settings are empty is skipped;
// Lambda concurrency is always watched.
type Config struct {
	// VpcID (VPC_ID): count every network interface in the Region against
	// the regional network interface quota (NetworkInterfaces), and the
	// Lambda interfaces in this VPC as their share of it
	// (LambdaNetworkInterfaces). Empty: both skipped (without a VPC, Lambda
	// makes no interfaces to watch).
	VpcID string
	// SubnetIDs (SUBNET_IDS, comma-separated): free addresses per subnet.
	// Empty: skipped.
	SubnetIDs []string
	// RestAPIID and StageName (REST_API_ID, STAGE_NAME): the stage's
	// throttle rate against the account's API Gateway throttle quota.
	// Either empty: skipped.
	RestAPIID string
	StageName string
	// Namespace (METRIC_NAMESPACE) of the published metrics. Default: DefaultNamespace.
	Namespace string
	// Databases (DATABASES, JSON): connections against max_connections,
	// and against their proxy's limit. Empty: skipped.
	Databases []Database
}

// Environment variables read by ConfigFromEnv.
const (
	EnvVpcID     = "VPC_ID"
	EnvSubnetIDs = "SUBNET_IDS"
	EnvRestAPIID = "REST_API_ID"
	EnvStageName = "STAGE_NAME"
	EnvNamespace = "METRIC_NAMESPACE"
)

// ConfigFromEnv reads the configuration from environment variables (pass
// os.Getenv). Values are trimmed; SUBNET_IDS drops empty items. Only a
// half-configured stage (one of REST_API_ID and STAGE_NAME) is an error:
// it is a mistake, not a choice to skip the check.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	c := Config{
		VpcID:     get(EnvVpcID),
		RestAPIID: get(EnvRestAPIID),
		StageName: get(EnvStageName),
		Namespace: get(EnvNamespace),
	}
	for _, s := range strings.Split(get(EnvSubnetIDs), ",") {
		if s = strings.TrimSpace(s); s != "" {
			c.SubnetIDs = append(c.SubnetIDs, s)
		}
	}
	if (c.RestAPIID == "") != (c.StageName == "") {
		return c, fmt.Errorf("%s=%q and %s=%q: set both to watch the stage's throttle, or neither", EnvRestAPIID, c.RestAPIID, EnvStageName, c.StageName)
	}
	if c.Namespace == "" {
		c.Namespace = DefaultNamespace
	}
	dbs, err := parseDatabases(get(EnvDatabases))
	if err != nil {
		return c, err
	}
	c.Databases = dbs
	return c, nil
}
