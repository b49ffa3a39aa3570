package constructs

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/internal/durations"
	"github.com/strangler-fig/strangler/internal/memo"
)

// Each Duration_Minutes and each ToSeconds on a Duration is a round trip
// to Node (about 0.3 ms); a 150-route stack asked 1,800 of them for a
// handful of values. Durations never change, so these remember what Node
// said: per value for made ones, per object for the seconds of one.

// minutes is awscdk.Duration_Minutes(n), one object per value.
var minutes = durations.Minutes

// seconds is awscdk.Duration_Seconds(n), one object per value.
var seconds = durations.Seconds

// toSeconds is d.ToSeconds(nil), asked once per Duration.
var toSeconds = memo.Func(func(d awscdk.Duration) *float64 { return d.ToSeconds(nil) })

// toMilliseconds is d.ToMilliseconds(nil), asked once per Duration.
var toMilliseconds = memo.Func(func(d awscdk.Duration) *float64 { return d.ToMilliseconds(nil) })

// isUnresolvedNumber is awscdk.Token_IsUnresolved(n), asked once per
// value (a token number is a fixed double per token).
func isUnresolvedNumber(n *float64) bool { return unresolvedNumber(*n) }

var unresolvedNumber = memo.Func(func(n float64) bool { return *awscdk.Token_IsUnresolved(jsii.Number(n)) })
