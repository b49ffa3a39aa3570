package cutoverfallback

import (
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/cutover/kvstest"
)

func TestConfigFromEnv(t *testing.T) {
	good := map[string]string{
		EnvStoreARN:    kvstest.ARN,
		EnvTopicARN:    topic,
		EnvAlarmRoutes: ` {"api-user-id-throttles": ["/user/{id}"], "api-5xx": ["/user/{id}", "/products"]} `,
	}
	c, err := ConfigFromEnv(func(k string) string { return good[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.StoreARN != kvstest.ARN || c.TopicARN != topic || len(c.AlarmRoutes["api-5xx"]) != 2 || strings.Join(c.Alarms(), ",") != "api-5xx,api-user-id-throttles" {
		t.Errorf("config %+v", c)
	}
	for name, c := range map[string]struct {
		key, value, want string
	}{
		"no store":        {EnvStoreARN, "", "STORE_ARN"},
		"regional store":  {EnvStoreARN, "arn:aws:cloudfront:us-east-1:123456789012:key-value-store/x", "key-value-store/ID"},
		"no topic":        {EnvTopicARN, "", "TOPIC_ARN"},
		"queue not topic": {EnvTopicARN, "arn:aws:sqs:us-east-1:123456789012:q", "SNS topic ARN"},
		"a list":          {EnvAlarmRoutes, `["/user/{id}"]`, "JSON object of alarm name to route templates"},
		"empty object":    {EnvAlarmRoutes, `{}`, "names no alarm"},
		"empty list":      {EnvAlarmRoutes, `{"a": []}`, `alarm "a" has no routes`},
		"not a template":  {EnvAlarmRoutes, `{"a": ["user"]}`, `route "user" is not a path template`},
	} {
		env := map[string]string{}
		for k, v := range good {
			env[k] = v
		}
		env[c.key] = c.value
		if _, err := ConfigFromEnv(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", name, err, c.want)
		}
	}
}
