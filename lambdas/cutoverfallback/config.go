package cutoverfallback

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/strangler-fig/strangler/cutover"
)

// Environment variables read by ConfigFromEnv.
const (
	EnvStoreARN    = "STORE_ARN"
	EnvAlarmRoutes = "ALARM_ROUTES"
	EnvTopicARN    = "TOPIC_ARN"
)

// Config says which store to write, which routes each alarm protects and
// where to tell people.
type Config struct {
	// StoreARN (STORE_ARN) is the distribution's KeyValueStore.
	StoreARN string
	// AlarmRoutes (ALARM_ROUTES, a JSON object, optional) maps an alarm
	// name to the route templates it sends back to the monolith, e.g.
	// {"api-user-id-throttles": ["/user/{id}"]}, for invocations that do
	// not name their routes (the stack's rules do: see Invocation).
	AlarmRoutes map[string][]string
	// TopicARN (TOPIC_ARN) is the SNS topic told of every fallback.
	TopicARN string
}

// ConfigFromEnv reads the configuration (pass os.Getenv). STORE_ARN and
// TOPIC_ARN are required; the error names the variable and the form it wants.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	c := Config{StoreARN: get(EnvStoreARN), TopicARN: get(EnvTopicARN)}
	if err := cutover.CheckStoreARN(c.StoreARN); err != nil {
		return c, fmt.Errorf("%s: %w", EnvStoreARN, err)
	}
	if a, err := arn.Parse(c.TopicARN); err != nil || a.Service != "sns" {
		return c, fmt.Errorf("%s=%q: want an SNS topic ARN, arn:aws:sns:REGION:ACCOUNT:NAME", EnvTopicARN, c.TopicARN)
	}
	const form = `want a JSON object of alarm name to route templates, e.g. {"api-user-id-throttles":["/user/{id}"]}`
	raw := get(EnvAlarmRoutes)
	if raw == "" {
		return c, nil // the invocations name their routes
	}
	if err := json.Unmarshal([]byte(raw), &c.AlarmRoutes); err != nil {
		return c, fmt.Errorf("%s: %v; %s", EnvAlarmRoutes, err, form)
	}
	if len(c.AlarmRoutes) == 0 {
		return c, fmt.Errorf("%s names no alarm: %s", EnvAlarmRoutes, form)
	}
	for _, alarm := range c.Alarms() {
		routes := c.AlarmRoutes[alarm]
		if alarm == "" || len(routes) == 0 {
			return c, fmt.Errorf("%s: alarm %q has no routes: %s", EnvAlarmRoutes, alarm, form)
		}
		for _, r := range routes {
			if !strings.HasPrefix(r, "/") {
				return c, fmt.Errorf("%s: alarm %q: route %q is not a path template (starting with /)", EnvAlarmRoutes, alarm, r)
			}
		}
	}
	return c, nil
}

// Alarms lists the configured alarm names, sorted.
func (c Config) Alarms() []string {
	names := make([]string, 0, len(c.AlarmRoutes))
	for n := range c.AlarmRoutes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
