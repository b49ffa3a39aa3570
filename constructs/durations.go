package constructs

import (
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/strangler-fig/strangler/internal/durations"
)

// Each Duration_Minutes and each ToSeconds on a Duration is a round trip
// to Node (about 0.3 ms); a 150-route stack asked 1,800 of them for a
// handful of values. Durations never change, so these remember what Node
// said: per value for made ones, per object for the seconds of one.

// minutes is awscdk.Duration_Minutes(n), one object per value.
var minutes = durations.Minutes

// seconds is awscdk.Duration_Seconds(n), one object per value.
var seconds = durations.Seconds

type durationUnit struct {
	d    awscdk.Duration
	unit string
}

var durationValues sync.Map // durationUnit -> *float64

// toSeconds is d.ToSeconds(nil), asked once per Duration.
func toSeconds(d awscdk.Duration) *float64 {
	return durationIn(d, "s", func() *float64 { return d.ToSeconds(nil) })
}

// toMilliseconds is d.ToMilliseconds(nil), asked once per Duration.
func toMilliseconds(d awscdk.Duration) *float64 {
	return durationIn(d, "ms", func() *float64 { return d.ToMilliseconds(nil) })
}

func durationIn(d awscdk.Duration, unit string, ask func() *float64) *float64 {
	key := durationUnit{d, unit}
	if v, ok := durationValues.Load(key); ok {
		return v.(*float64)
	}
	v, _ := durationValues.LoadOrStore(key, ask())
	return v.(*float64)
}

// isUnresolvedNumber is awscdk.Token_IsUnresolved(n), asked once per
// value (a token number is a fixed double per token).
var unresolvedNumbers sync.Map // float64 -> bool

func isUnresolvedNumber(n *float64) bool {
	if v, ok := unresolvedNumbers.Load(*n); ok {
		return v.(bool)
	}
	v, _ := unresolvedNumbers.LoadOrStore(*n, *awscdk.Token_IsUnresolved(n))
	return v.(bool)
}
