package cutover

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/strangler-fig/strangler/lambdas/quotawatch"
)

// AlarmAPI is the part of the CloudWatch client RouteAlarms' input is
// read with; *cloudwatch.Client implements it.
type AlarmAPI interface {
	DescribeAlarms(context.Context, *cloudwatch.DescribeAlarmsInput, ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error)
}

var _ AlarmAPI = (*cloudwatch.Client)(nil)

// ReadAlarms returns the metric alarms of stack (all pages). CloudFormation
// names the alarms it creates STACK-LOGICALID-SUFFIX, and a nested stack's
// name starts with its root's name and a dash, so the prefix "STACK-"
// finds the alarms of the stack and of its nested stacks, and not those
// of a stack whose name merely starts the same (ApiMigration2).
func ReadAlarms(ctx context.Context, api AlarmAPI, stack string) ([]cwtypes.MetricAlarm, error) {
	var out []cwtypes.MetricAlarm
	p := cloudwatch.NewDescribeAlarmsPaginator(api, &cloudwatch.DescribeAlarmsInput{
		AlarmNamePrefix: aws.String(stack + "-"),
		AlarmTypes:      []cwtypes.AlarmType{cwtypes.AlarmTypeMetricAlarm},
		MaxRecords:      aws.Int32(DescribeAlarmsMaxRecords),
	})
	for page := 1; p.HasMorePages(); page++ {
		o, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading the CloudWatch alarms of stack %s (DescribeAlarms, page %d): %w", stack, page, err)
		}
		out = append(out, o.MetricAlarms...)
	}
	return out, nil
}

// Alarm states as CloudWatch names them, and AlarmsNone: no alarm of
// the stack watches the route.
const (
	AlarmsOK               = string(cwtypes.StateValueOk)
	AlarmsAlarm            = string(cwtypes.StateValueAlarm)
	AlarmsInsufficientData = string(cwtypes.StateValueInsufficientData)
	AlarmsNone             = "NONE"
)

// Alarm is one alarm watching a route, as status shows it.
type Alarm struct {
	Name   string    `json:"name"`
	State  string    `json:"state"`
	Since  time.Time `json:"since"` // when it entered State
	Reason string    `json:"reason,omitempty"`
}

// RouteAlarmState is what the alarms that would send a route back to the
// monolith say now.
type RouteAlarmState struct {
	// State is AlarmsAlarm if any of them is in ALARM, else
	// AlarmsInsufficientData if any has too little data, else AlarmsOK;
	// AlarmsNone when no alarm of the stack watches the route.
	State string `json:"state"`
	// Alarms are those in State (none for OK and NONE), oldest first.
	Alarms []Alarm `json:"alarms,omitempty"`
	// Watching is how many alarms watch the route.
	Watching int `json:"watching"`
}

// RouteAlarms maps each of routes to the state of the alarms that send it
// back to the monolith (see stacks.MigrationStack.watchForFallback):
//
//   - its function's Throttles and Errors on the live alias (AWS/Lambda,
//     FunctionName=F, Resource=F:live);
//   - the API's 5XX (AWS/ApiGateway 5XXError, ApiName=apiName): every route;
//   - its database's connection alarms (the quota watch's Utilization with
//     Quota=DatabaseConnections or ProxyDatabaseConnections, Database=D).
//
// An alarm is matched by its metric, namespace and exact dimensions (those
// of a metric math alarm's metrics too); other alarms are ignored.
func RouteAlarms(alarms []cwtypes.MetricAlarm, apiName string, routes []Route) map[string]RouteAlarmState {
	byFunction, byDatabase := map[string][]Alarm{}, map[string][]Alarm{}
	var api []Alarm
	for _, a := range alarms {
		seen := map[string]bool{} // a math alarm over two matching metrics counts once
		for _, m := range alarmMetrics(a) {
			kind, name := guards(m, apiName)
			if kind == "" || seen[kind+name] {
				continue
			}
			seen[kind+name] = true
			al := alarmOf(a)
			switch kind {
			case "function":
				byFunction[name] = append(byFunction[name], al)
			case "database":
				byDatabase[name] = append(byDatabase[name], al)
			case "api":
				api = append(api, al)
			}
		}
	}
	out := map[string]RouteAlarmState{}
	for _, r := range routes {
		var watching []Alarm
		watching = append(watching, api...)
		if r.Function != "" {
			watching = append(watching, byFunction[r.Function]...)
		}
		if r.Database != "" {
			watching = append(watching, byDatabase[r.Database]...)
		}
		out[r.Template] = summarize(watching)
	}
	return out
}

func summarize(watching []Alarm) RouteAlarmState {
	st := RouteAlarmState{State: AlarmsNone, Watching: len(watching)}
	if len(watching) == 0 {
		return st
	}
	st.State = AlarmsOK
	for _, s := range []string{AlarmsAlarm, AlarmsInsufficientData} {
		for _, a := range watching {
			if a.State == s {
				st.Alarms = append(st.Alarms, a)
			}
		}
		if len(st.Alarms) > 0 {
			st.State = s
			break
		}
	}
	slices.SortStableFunc(st.Alarms, func(a, b Alarm) int {
		if c := a.Since.Compare(b.Since); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return st
}

func alarmOf(a cwtypes.MetricAlarm) Alarm {
	since := a.StateTransitionedTimestamp
	if since == nil {
		since = a.StateUpdatedTimestamp
	}
	return Alarm{Name: aws.ToString(a.AlarmName), State: string(a.StateValue), Since: aws.ToTime(since).UTC(), Reason: aws.ToString(a.StateReason)}
}

// metric is one metric an alarm watches.
type metric struct {
	namespace, name string
	dims            map[string]string
}

// alarmMetrics are the alarm's metric, or its metric math's metrics.
func alarmMetrics(a cwtypes.MetricAlarm) []metric {
	dims := func(ds []cwtypes.Dimension) map[string]string {
		m := map[string]string{}
		for _, d := range ds {
			m[aws.ToString(d.Name)] = aws.ToString(d.Value)
		}
		return m
	}
	var out []metric
	if a.MetricName != nil {
		out = append(out, metric{aws.ToString(a.Namespace), aws.ToString(a.MetricName), dims(a.Dimensions)})
	}
	for _, q := range a.Metrics {
		if q.MetricStat != nil && q.MetricStat.Metric != nil {
			m := q.MetricStat.Metric
			out = append(out, metric{aws.ToString(m.Namespace), aws.ToString(m.MetricName), dims(m.Dimensions)})
		}
	}
	return out
}

// guards says what an alarm on m protects: ("function", deployed name),
// ("database", manifest name), ("api", ""), or ("", "") for nothing
// status shows.
func guards(m metric, apiName string) (kind, name string) {
	has := func(want map[string]string) bool {
		if len(m.dims) != len(want) {
			return false
		}
		for k, v := range want {
			if got, ok := m.dims[k]; !ok || got != v {
				return false
			}
		}
		return true
	}
	switch {
	case m.namespace == LambdaNamespace && (m.name == LambdaMetricThrottles || m.name == LambdaMetricErrors):
		f := m.dims[LambdaDimensionFunction]
		if f != "" && has(map[string]string{LambdaDimensionFunction: f, LambdaDimensionResource: f + ":" + LiveAlias}) {
			return "function", f
		}
	case m.namespace == APIGatewayNamespace && m.name == APIGatewayMetric5XX:
		if has(map[string]string{APIGatewayDimensionName: apiName}) {
			return "api", ""
		}
	case m.namespace == quotawatch.DefaultNamespace && m.name == quotawatch.MetricUtilization:
		q, db := m.dims[quotawatch.DimensionQuota], m.dims[quotawatch.DimensionDatabase]
		if (q == quotawatch.QuotaDatabaseConnections || q == quotawatch.QuotaProxyDatabaseConnections) && db != "" &&
			has(map[string]string{quotawatch.DimensionQuota: q, quotawatch.DimensionDatabase: db}) {
			return "database", db
		}
	}
	return "", ""
}
