// Package quotawatch reads AWS quotas and how much of them is in use, and
// publishes the utilisation as CloudWatch metrics, so that alarms fire
// before a limit turns into 5XX errors in production.
//
// What is read (each check runs only when configured, see Config):
//
//   - LambdaConcurrency: peak AWS/Lambda ConcurrentExecutions over the last
//     5 minutes (CloudWatch GetMetricData) against the "Concurrent
//     executions" quota (Service Quotas) and the account's enforced limit
//     (Lambda GetAccountSettings), whichever is lower.
//   - LambdaReservedConcurrency: concurrency reserved by functions
//     (AccountLimit.ConcurrentExecutions - UnreservedConcurrentExecutions)
//     against what can be reserved (the limit minus the 100 Lambda keeps
//     unreserved; none at all when the limit is 100 or less, see
//     lambdaConcurrency).
//   - NetworkInterfaces: every network interface in the Region (EC2
//     DescribeNetworkInterfaces, no filter) against the regional "Network
//     interfaces per Region" quota, which they all count against.
//   - LambdaNetworkInterfaces: Lambda's interfaces in the VPC (the same
//     answer, interface type lambda in VPC_ID), as a share of the same
//     quota: what this migration adds to NetworkInterfaces. Published for
//     the dashboard; NetworkInterfaces is the one to alarm on.
//   - SubnetAddresses (one per subnet): addresses in use (the CIDR's size
//     minus the 5 AWS reserves, minus AvailableIpAddressCount) against the
//     usable addresses.
//   - ApiGatewayThrottleRate: the stage's stage-wide ("*/*") throttling
//     rate limit (API Gateway GetStage) against the account's API Gateway
//     "Throttle rate" quota.
//   - DatabaseConnections (one per database, dimension Database): peak
//     AWS/RDS DatabaseConnections of the DB instance or cluster against its
//     max_connections; with an RDS Proxy, ProxyDatabaseConnections (the
//     proxy's connections to it against MaxConnectionsPercent of
//     max_connections) and ProxyClientConnections (see database.go).
//
// Each becomes three metrics in the namespace, dimension Quota (plus
// SubnetId for SubnetAddresses): Utilization (Percent), Usage and Limit.
// A failed read does not stop the others: what was read is published, each
// failure is logged, and Run returns them all.
package quotawatch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/netip"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	sqtypes "github.com/aws/aws-sdk-go-v2/service/servicequotas/types"

	"github.com/strangler-fig/strangler/awslimits"
)

// Values of the Quota dimension (awslimits: the constructs alarm on the same).
const (
	QuotaLambdaConcurrency         = awslimits.QuotaLambdaConcurrency
	QuotaLambdaReservedConcurrency = awslimits.QuotaLambdaReservedConcurrency
	QuotaNetworkInterfaces         = awslimits.QuotaNetworkInterfaces
	QuotaLambdaNetworkInterfaces   = awslimits.QuotaLambdaNetworkInterfaces
	QuotaSubnetAddresses           = awslimits.QuotaSubnetAddresses
	QuotaApiGatewayThrottleRate    = awslimits.QuotaApiGatewayThrottleRate
)

// Quota is one quota in Service Quotas.
type Quota struct {
	ServiceCode, QuotaCode, Name string
}

func (q Quota) String() string { return fmt.Sprintf("%s/%s (%s)", q.ServiceCode, q.QuotaCode, q.Name) }

// The quotas read from Service Quotas (awslimits has their codes and pages).
var (
	LambdaConcurrentExecutions = Quota(awslimits.QuotaLambdaConcurrentExecutions)
	VPCNetworkInterfaces       = Quota(awslimits.QuotaVPCNetworkInterfaces)
	APIGatewayThrottleRate     = Quota(awslimits.QuotaAPIGatewayThrottleRate)
)

// UnreservedMinimum is the concurrency Lambda always keeps unreserved:
// functions cannot reserve the last 100 of the account's limit.
const UnreservedMinimum = awslimits.LambdaUnreservedConcurrencyMinimum

// subnetReservedAddresses are the addresses AWS takes in every subnet.
const subnetReservedAddresses = awslimits.VPCSubnetReservedAddresses

// Measurement is one quota's usage.
type Measurement struct {
	// Quota is the Quota dimension, one of the Quota* constants.
	Quota string
	// SubnetID for SubnetAddresses, else empty.
	SubnetID string
	// Database for the database quotas (QuotaDatabaseConnections, ...), else empty.
	Database string
	// Usage and Limit, in the quota's unit (count, or requests per second).
	Usage, Limit float64
	// Unit of Usage and Limit.
	Unit cwtypes.StandardUnit
}

// Percent is Usage as a percentage of Limit. A Limit of 0 (nothing can be
// used: no reservable concurrency) is 0% while nothing is used and 100%
// once anything is, never a division by zero (PutMetricData rejects NaN
// and infinities).
func (m Measurement) Percent() float64 {
	if m.Limit <= 0 {
		if m.Usage > 0 {
			return 100
		}
		return 0
	}
	return 100 * m.Usage / m.Limit
}

// The AWS calls, as the SDK clients define them (an *xxx.Client satisfies each).
type (
	ServiceQuotasAPI interface {
		GetServiceQuota(context.Context, *servicequotas.GetServiceQuotaInput, ...func(*servicequotas.Options)) (*servicequotas.GetServiceQuotaOutput, error)
		GetAWSDefaultServiceQuota(context.Context, *servicequotas.GetAWSDefaultServiceQuotaInput, ...func(*servicequotas.Options)) (*servicequotas.GetAWSDefaultServiceQuotaOutput, error)
	}
	LambdaAPI interface {
		GetAccountSettings(context.Context, *lambda.GetAccountSettingsInput, ...func(*lambda.Options)) (*lambda.GetAccountSettingsOutput, error)
	}
	EC2API interface {
		DescribeNetworkInterfaces(context.Context, *ec2.DescribeNetworkInterfacesInput, ...func(*ec2.Options)) (*ec2.DescribeNetworkInterfacesOutput, error)
		DescribeSubnets(context.Context, *ec2.DescribeSubnetsInput, ...func(*ec2.Options)) (*ec2.DescribeSubnetsOutput, error)
	}
	APIGatewayAPI interface {
		GetStage(context.Context, *apigateway.GetStageInput, ...func(*apigateway.Options)) (*apigateway.GetStageOutput, error)
	}
	CloudWatchAPI interface {
		GetMetricData(context.Context, *cloudwatch.GetMetricDataInput, ...func(*cloudwatch.Options)) (*cloudwatch.GetMetricDataOutput, error)
		PutMetricData(context.Context, *cloudwatch.PutMetricDataInput, ...func(*cloudwatch.Options)) (*cloudwatch.PutMetricDataOutput, error)
	}
)

// Watcher reads the quotas and publishes the metrics.
type Watcher struct {
	Config        Config
	ServiceQuotas ServiceQuotasAPI
	Lambda        LambdaAPI
	EC2           EC2API
	APIGateway    APIGatewayAPI
	CloudWatch    CloudWatchAPI
	// Logger. Default: slog.Default().
	Logger *slog.Logger
	// Now. Default: time.Now.
	Now func() time.Time
	// PublishReserve is kept from the invocation's deadline for publishing:
	// reads are cancelled that long before it. Default: 3 seconds.
	PublishReserve time.Duration
}

// New returns a Watcher with clients made from cfg (region and credentials
// of the Lambda environment).
func New(cfg aws.Config, c Config) *Watcher {
	return &Watcher{
		Config:        c,
		ServiceQuotas: servicequotas.NewFromConfig(cfg),
		Lambda:        lambda.NewFromConfig(cfg),
		EC2:           ec2.NewFromConfig(cfg),
		APIGateway:    apigateway.NewFromConfig(cfg),
		CloudWatch:    cloudwatch.NewFromConfig(cfg),
	}
}

// ReadError is a check that could not read what it needs.
type ReadError struct {
	// Check is the Quota dimension value of the check that failed.
	Check string
	// What was being read, e.g. "Service Quotas lambda/L-B99A9384 (Concurrent executions)".
	What string
	Err  error
}

func (e *ReadError) Error() string { return fmt.Sprintf("%s: reading %s: %v", e.Check, e.What, e.Err) }
func (e *ReadError) Unwrap() error { return e.Err }

// Run reads every configured quota, publishes what it could read and
// returns the measurements (in a fixed order) and every failure joined.
func (w *Watcher) Run(ctx context.Context) ([]Measurement, error) {
	log := w.logger()
	readCtx := ctx
	if deadline, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		readCtx, cancel = context.WithDeadline(ctx, deadline.Add(-w.publishReserve()))
		defer cancel()
	}

	checks := []func(context.Context) ([]Measurement, []error){w.lambdaConcurrency}
	if w.Config.VpcID != "" {
		checks = append(checks, w.networkInterfaces)
	}
	if len(w.Config.SubnetIDs) > 0 {
		checks = append(checks, w.subnetAddresses)
	}
	if w.Config.RestAPIID != "" && w.Config.StageName != "" {
		checks = append(checks, w.apiGatewayThrottle)
	}
	if len(w.Config.Databases) > 0 {
		checks = append(checks, w.databaseConnections)
	}
	// The checks are independent: run them at once, collect in order.
	results := make([][]Measurement, len(checks))
	failures := make([][]error, len(checks))
	var wg sync.WaitGroup
	for i, check := range checks {
		wg.Go(func() { results[i], failures[i] = check(readCtx) })
	}
	wg.Wait()

	var measurements []Measurement
	var errs []error
	for i := range checks {
		measurements = append(measurements, results[i]...)
		errs = append(errs, failures[i]...)
	}
	for _, err := range errs {
		log.ErrorContext(ctx, "quota check failed", "error", err.Error())
	}
	for _, m := range measurements {
		attrs := []any{"quota", m.Quota, "usage", m.Usage, "limit", m.Limit, "percent", round2(m.Percent())}
		if m.SubnetID != "" {
			attrs = append(attrs, "subnetId", m.SubnetID)
		}
		if m.Database != "" {
			attrs = append(attrs, "database", m.Database)
		}
		log.InfoContext(ctx, "quota utilisation", attrs...)
	}
	if len(measurements) > 0 {
		if err := w.publish(ctx, measurements); err != nil {
			log.ErrorContext(ctx, "publishing quota metrics failed", "error", err.Error())
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return measurements, fmt.Errorf("quota watch: %d failure(s), %d quota(s) read: %w", len(errs), len(measurements), errors.Join(errs...))
	}
	return measurements, nil
}

func (w *Watcher) logger() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.Default()
}

func (w *Watcher) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Watcher) publishReserve() time.Duration {
	if w.PublishReserve > 0 {
		return w.PublishReserve
	}
	return 3 * time.Second
}

// quotaValue reads the applied value of q, or AWS's default when the
// account has none (Service Quotas answers NoSuchResourceException, or a
// quota without a value, for quotas never changed in this account).
func (w *Watcher) quotaValue(ctx context.Context, q Quota) (float64, error) {
	out, err := w.ServiceQuotas.GetServiceQuota(ctx, &servicequotas.GetServiceQuotaInput{
		ServiceCode: aws.String(q.ServiceCode),
		QuotaCode:   aws.String(q.QuotaCode),
	})
	var missing *sqtypes.NoSuchResourceException
	switch {
	case errors.As(err, &missing):
	case err != nil:
		return 0, err
	case out.Quota != nil && out.Quota.Value != nil:
		return checkQuotaValue(q, *out.Quota.Value)
	}
	w.logger().DebugContext(ctx, "no applied quota value, reading the AWS default", "quota", q.String())
	def, err := w.ServiceQuotas.GetAWSDefaultServiceQuota(ctx, &servicequotas.GetAWSDefaultServiceQuotaInput{
		ServiceCode: aws.String(q.ServiceCode),
		QuotaCode:   aws.String(q.QuotaCode),
	})
	if err != nil {
		return 0, fmt.Errorf("no applied value, and the AWS default: %w", err)
	}
	if def.Quota == nil || def.Quota.Value == nil {
		return 0, fmt.Errorf("neither GetServiceQuota nor GetAWSDefaultServiceQuota returned a value")
	}
	return checkQuotaValue(q, *def.Quota.Value)
}

func checkQuotaValue(q Quota, v float64) (float64, error) {
	if !(v > 0) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("quota value %v is not a positive number", v)
	}
	return v, nil
}

func quotaRead(check string, q Quota, err error) error {
	return &ReadError{Check: check, What: "Service Quotas " + q.String(), Err: err}
}

// lambdaConcurrency measures LambdaConcurrency and LambdaReservedConcurrency.
func (w *Watcher) lambdaConcurrency(ctx context.Context) ([]Measurement, []error) {
	var errs []error
	quota, qErr := w.quotaValue(ctx, LambdaConcurrentExecutions)
	if qErr != nil {
		errs = append(errs, quotaRead(QuotaLambdaConcurrency, LambdaConcurrentExecutions, qErr))
	}
	var accountLimit, unreserved float64
	settings, err := w.Lambda.GetAccountSettings(ctx, &lambda.GetAccountSettingsInput{})
	if err == nil {
		switch l := settings.AccountLimit; {
		case l == nil || l.ConcurrentExecutions <= 0:
			err = errors.New("the answer has no AccountLimit.ConcurrentExecutions")
		case l.UnreservedConcurrentExecutions == nil:
			err = errors.New("the answer has no AccountLimit.UnreservedConcurrentExecutions")
		default:
			accountLimit, unreserved = float64(l.ConcurrentExecutions), float64(*l.UnreservedConcurrentExecutions)
		}
	}
	if err != nil {
		errs = append(errs, &ReadError{Check: QuotaLambdaConcurrency, What: "Lambda GetAccountSettings", Err: err})
	}
	peak, mErr := w.peakConcurrency(ctx)
	if mErr != nil {
		errs = append(errs, &ReadError{Check: QuotaLambdaConcurrency, What: "CloudWatch AWS/Lambda ConcurrentExecutions", Err: mErr})
	}

	// The lower of the quota and the enforced limit: new accounts run below
	// the default quota, which is all Service Quotas knows when no value
	// was ever applied.
	limit := quota
	if accountLimit > 0 && (limit == 0 || accountLimit < limit) {
		if limit != 0 {
			w.logger().WarnContext(ctx, "Lambda enforces a lower concurrency limit than the quota",
				"quota", LambdaConcurrentExecutions.String(), "quotaValue", quota, "accountLimit", accountLimit)
		}
		limit = accountLimit
	}
	var out []Measurement
	if limit > 0 && mErr == nil {
		out = append(out, Measurement{Quota: QuotaLambdaConcurrency, Usage: peak, Limit: limit, Unit: cwtypes.StandardUnitCount})
	}
	if accountLimit > 0 {
		// A limit of 100 or less (new accounts start at 10) leaves nothing
		// to reserve. That is a valid reading, not a failed one: an error
		// here would keep the watcher's Errors alarm in ALARM for as long as
		// the account stays small, hiding real failures. Publish it as
		// Limit 0, Utilization 0% while nothing is reserved (nothing to
		// act on: the LambdaConcurrency alarm watches the small limit
		// itself) and 100% once anything is (reservations above what can
		// be reserved: the alarm is right to fire). Skipping the row
		// instead would leave its alarm without data (INSUFFICIENT_DATA,
		// never OK) and the dashboard line empty.
		reservable := max(accountLimit-UnreservedMinimum, 0)
		if reservable == 0 {
			w.logger().WarnContext(ctx, "the account's concurrency limit leaves nothing to reserve: reserved concurrency is published against a limit of 0",
				"accountLimit", accountLimit, "keptUnreserved", UnreservedMinimum)
		}
		out = append(out, Measurement{Quota: QuotaLambdaReservedConcurrency, Usage: accountLimit - unreserved, Limit: reservable, Unit: cwtypes.StandardUnitCount})
	}
	return out, errs
}

// peakConcurrency is the highest one-minute Maximum of the account's
// ConcurrentExecutions in the last 5 whole minutes (0 without data: no
// invocations).
func (w *Watcher) peakConcurrency(ctx context.Context) (float64, error) {
	end := w.now().UTC().Truncate(time.Minute)
	const id = "concurrency"
	p := cloudwatch.NewGetMetricDataPaginator(w.CloudWatch, &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(end.Add(-5 * time.Minute)),
		EndTime:   aws.Time(end),
		MetricDataQueries: []cwtypes.MetricDataQuery{{
			Id: aws.String(id),
			MetricStat: &cwtypes.MetricStat{
				Metric: &cwtypes.Metric{Namespace: aws.String(awslimits.LambdaMetricNamespace), MetricName: aws.String("ConcurrentExecutions")},
				Period: aws.Int32(60),
				Stat:   aws.String("Maximum"),
			},
			ReturnData: aws.Bool(true),
		}},
	})
	peak, found := 0.0, false
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, err
		}
		for _, r := range page.MetricDataResults {
			if aws.ToString(r.Id) != id {
				continue
			}
			found = true
			if r.StatusCode == cwtypes.StatusCodeForbidden || r.StatusCode == cwtypes.StatusCodeInternalError {
				return 0, fmt.Errorf("query %q answered status %s", id, r.StatusCode)
			}
			for _, v := range r.Values {
				peak = max(peak, v)
			}
		}
	}
	if !found {
		return 0, fmt.Errorf("the answer has no result for query %q", id)
	}
	return peak, nil
}

// networkInterfaces measures NetworkInterfaces, every interface in the
// Region against the regional quota (EC2 instances, NAT gateways,
// endpoints, load balancers, other VPCs' and other teams' Lambda all count
// against it), and LambdaNetworkInterfaces, Lambda's interfaces in the VPC
// as a share of the same quota.
func (w *Watcher) networkInterfaces(ctx context.Context) ([]Measurement, []error) {
	var errs []error
	quota, qErr := w.quotaValue(ctx, VPCNetworkInterfaces)
	if qErr != nil {
		errs = append(errs, quotaRead(QuotaNetworkInterfaces, VPCNetworkInterfaces, qErr))
	}
	total, lambdaInVPC, err := w.countInterfaces(ctx)
	if err != nil {
		errs = append(errs, &ReadError{Check: QuotaNetworkInterfaces, What: "EC2 DescribeNetworkInterfaces (every interface in the Region)", Err: err})
	}
	if qErr != nil || err != nil {
		return nil, errs
	}
	return []Measurement{
		{Quota: QuotaNetworkInterfaces, Usage: float64(total), Limit: quota, Unit: cwtypes.StandardUnitCount},
		{Quota: QuotaLambdaNetworkInterfaces, Usage: float64(lambdaInVPC), Limit: quota, Unit: cwtypes.StandardUnitCount},
	}, nil
}

// countInterfaces counts every network interface in the Region, and those
// of them Lambda made in the VPC, in one pass over all pages of an
// unfiltered DescribeNetworkInterfaces (a filtered call would count only
// part of what the quota counts; a second, filtered call for Lambda's
// share would cost more than counting it here). EC2 has no way to ask for
// fewer fields (the CLI's --query filters on the client), so the cost is
// kept down with the largest page EC2 allows, 1000 interfaces.
func (w *Watcher) countInterfaces(ctx context.Context) (total, lambdaInVPC int, err error) {
	p := ec2.NewDescribeNetworkInterfacesPaginator(w.EC2, &ec2.DescribeNetworkInterfacesInput{
		MaxResults: aws.Int32(1000),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, 0, err
		}
		total += len(page.NetworkInterfaces)
		for _, ni := range page.NetworkInterfaces {
			if ni.InterfaceType == ec2types.NetworkInterfaceTypeLambda && aws.ToString(ni.VpcId) == w.Config.VpcID {
				lambdaInVPC++
			}
		}
	}
	return total, lambdaInVPC, nil
}

// subnetAddresses measures SubnetAddresses for each configured subnet.
func (w *Watcher) subnetAddresses(ctx context.Context) ([]Measurement, []error) {
	what := "EC2 DescribeSubnets"
	out, err := w.EC2.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: w.Config.SubnetIDs})
	if err != nil {
		return nil, []error{&ReadError{Check: QuotaSubnetAddresses, What: what, Err: err}}
	}
	var ms []Measurement
	var errs []error
	seen := map[string]bool{}
	for _, s := range out.Subnets {
		id := aws.ToString(s.SubnetId)
		seen[id] = true
		m, err := subnetMeasurement(s)
		if err != nil {
			errs = append(errs, &ReadError{Check: QuotaSubnetAddresses, What: what + " " + id, Err: err})
			continue
		}
		ms = append(ms, m)
	}
	for _, id := range w.Config.SubnetIDs {
		if !seen[id] {
			errs = append(errs, &ReadError{Check: QuotaSubnetAddresses, What: what + " " + id, Err: errors.New("the answer does not list this subnet")})
		}
	}
	// The order of SUBNET_IDS, whatever EC2's.
	slices.SortStableFunc(ms, func(a, b Measurement) int {
		return slices.Index(w.Config.SubnetIDs, a.SubnetID) - slices.Index(w.Config.SubnetIDs, b.SubnetID)
	})
	return ms, errs
}

func subnetMeasurement(s ec2types.Subnet) (Measurement, error) {
	id := aws.ToString(s.SubnetId)
	if s.CidrBlock == nil || s.AvailableIpAddressCount == nil {
		return Measurement{}, errors.New("the answer has no cidrBlock or availableIpAddressCount")
	}
	prefix, err := netip.ParsePrefix(*s.CidrBlock)
	if err != nil || !prefix.Addr().Is4() {
		return Measurement{}, fmt.Errorf("cidrBlock %q is not an IPv4 CIDR", *s.CidrBlock)
	}
	usable := math.Exp2(float64(32-prefix.Bits())) - subnetReservedAddresses
	free := float64(*s.AvailableIpAddressCount)
	if usable <= 0 || free < 0 || free > usable {
		return Measurement{}, fmt.Errorf("%d available addresses in %s (%g usable) does not add up", *s.AvailableIpAddressCount, *s.CidrBlock, usable)
	}
	return Measurement{Quota: QuotaSubnetAddresses, SubnetID: id, Usage: usable - free, Limit: usable, Unit: cwtypes.StandardUnitCount}, nil
}

// apiGatewayThrottle measures ApiGatewayThrottleRate: the stage-wide
// throttle rate against the account's throttle quota. A stage without a
// stage-wide rate is throttled only by the account: 100%.
func (w *Watcher) apiGatewayThrottle(ctx context.Context) ([]Measurement, []error) {
	var errs []error
	quota, qErr := w.quotaValue(ctx, APIGatewayThrottleRate)
	if qErr != nil {
		errs = append(errs, quotaRead(QuotaApiGatewayThrottleRate, APIGatewayThrottleRate, qErr))
	}
	stage, err := w.APIGateway.GetStage(ctx, &apigateway.GetStageInput{
		RestApiId: aws.String(w.Config.RestAPIID),
		StageName: aws.String(w.Config.StageName),
	})
	if err != nil {
		errs = append(errs, &ReadError{Check: QuotaApiGatewayThrottleRate,
			What: fmt.Sprintf("API Gateway GetStage %s/%s", w.Config.RestAPIID, w.Config.StageName), Err: err})
	}
	if qErr != nil || err != nil {
		return nil, errs
	}
	rate := quota
	if s, ok := stage.MethodSettings["*/*"]; ok && s.ThrottlingRateLimit > 0 {
		rate = s.ThrottlingRateLimit
	} else {
		w.logger().WarnContext(ctx, "the stage has no stage-wide throttle rate: the account's throttle is its only limit",
			"restApiId", w.Config.RestAPIID, "stage", w.Config.StageName)
	}
	return []Measurement{{Quota: QuotaApiGatewayThrottleRate, Usage: rate, Limit: quota, Unit: cwtypes.StandardUnitCountSecond}}, nil
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
