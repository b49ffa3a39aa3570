// Package durations hands out aws-cdk-lib Durations, one object per value.
//
// Each awscdk.Duration_Seconds or _Minutes is a round trip to Node (about 0.3 ms), and
// a stack of 150 functions asked for the same few values hundreds of
// times. A Duration never changes, so the first object made for a value
// serves every later caller in the process.
package durations

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/internal/memo"
)

// Seconds is awscdk.Duration_Seconds(n), made once per value.
var Seconds = memo.Func(func(n float64) awscdk.Duration { return awscdk.Duration_Seconds(jsii.Number(n)) })

// Minutes is awscdk.Duration_Minutes(n), made once per value.
var Minutes = memo.Func(func(n float64) awscdk.Duration { return awscdk.Duration_Minutes(jsii.Number(n)) })
