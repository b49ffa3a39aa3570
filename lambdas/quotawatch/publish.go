package quotawatch

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/strangler-fig/strangler/awslimits"
)

// Metric names in the namespace; each has the Quota dimension (and SubnetId
// for SubnetAddresses).
const (
	MetricUtilization = awslimits.QuotaWatchMetricUtilization // Percent: Usage / Limit
	MetricUsage       = awslimits.QuotaWatchMetricUsage
	MetricLimit       = awslimits.QuotaWatchMetricLimit
)

// Dimension names.
const (
	DimensionQuota    = awslimits.QuotaWatchDimensionQuota
	DimensionSubnetID = awslimits.QuotaWatchDimensionSubnet
)

// maxDatumsPerCall is PutMetricData's limit of metrics per request.
const maxDatumsPerCall = 1000

// publish sends three metrics per measurement, all with the same timestamp.
func (w *Watcher) publish(ctx context.Context, ms []Measurement) error {
	now := w.now()
	var data []cwtypes.MetricDatum
	for _, m := range ms {
		dims := []cwtypes.Dimension{{Name: aws.String(DimensionQuota), Value: aws.String(m.Quota)}}
		if m.SubnetID != "" {
			dims = append(dims, cwtypes.Dimension{Name: aws.String(DimensionSubnetID), Value: aws.String(m.SubnetID)})
		}
		if m.Database != "" {
			dims = append(dims, cwtypes.Dimension{Name: aws.String(DimensionDatabase), Value: aws.String(m.Database)})
		}
		datum := func(name string, value float64, unit cwtypes.StandardUnit) cwtypes.MetricDatum {
			return cwtypes.MetricDatum{MetricName: aws.String(name), Dimensions: dims, Value: aws.Float64(value), Unit: unit, Timestamp: aws.Time(now)}
		}
		data = append(data,
			datum(MetricUtilization, m.Percent(), cwtypes.StandardUnitPercent),
			datum(MetricUsage, m.Usage, m.Unit),
			datum(MetricLimit, m.Limit, m.Unit),
		)
	}
	namespace := w.Config.Namespace
	if namespace == "" {
		namespace = DefaultNamespace
	}
	for start := 0; start < len(data); start += maxDatumsPerCall {
		chunk := data[start:min(start+maxDatumsPerCall, len(data))]
		if _, err := w.CloudWatch.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{
			Namespace:  aws.String(namespace),
			MetricData: chunk,
		}); err != nil {
			return fmt.Errorf("publishing %d metrics to CloudWatch namespace %s: %w", len(chunk), namespace, err)
		}
	}
	return nil
}
