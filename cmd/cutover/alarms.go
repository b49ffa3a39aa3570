package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/smithy-go"

	"github.com/strangler-fig/strangler/cutover"
)

// routeAlarms reads the stack's alarms and maps them to routes. When they
// cannot be read it returns why instead: status still shows the weights,
// which matter most when something is wrong.
func routeAlarms(ctx context.Context, o *options, cfg aws.Config, routes []cutover.Route) (map[string]cutover.RouteAlarmState, string) {
	client := cloudwatch.NewFromConfig(cfg, func(co *cloudwatch.Options) {
		if o.cloudWatchEndpoint != "" {
			co.BaseEndpoint = aws.String(o.cloudWatchEndpoint)
		}
	})
	alarms, err := cutover.ReadAlarms(ctx, client, o.stack)
	if err != nil {
		why := err.Error()
		var ae smithy.APIError
		if errors.As(err, &ae) && (ae.ErrorCode() == "AccessDenied" || ae.ErrorCode() == "AccessDeniedException") {
			why += "; allow cloudwatch:DescribeAlarms to see them"
		}
		return nil, why
	}
	// The stack names its REST API after itself (stacks.NewMigrationStack).
	return cutover.RouteAlarms(alarms, o.stack, routes), ""
}

// describeAlarms is a route's alarm state in one cell.
func describeAlarms(s cutover.RouteAlarmState) string {
	switch s.State {
	case cutover.AlarmsNone:
		return "none found"
	case cutover.AlarmsAlarm:
		out := "ALARM:"
		for i, a := range s.Alarms {
			if i > 0 {
				out += ";"
			}
			out += fmt.Sprintf(" %s since %s", a.Name, a.Since.Format(timeFormat))
		}
		return out
	}
	return s.State
}
