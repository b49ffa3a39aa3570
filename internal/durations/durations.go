// Package durations hands out aws-cdk-lib Durations, one object per value.
//
// Each awscdk.Duration_Seconds or _Minutes is a round trip to Node (about 0.3 ms), and
// a stack of 150 functions asked for the same few values hundreds of
// times. A Duration never changes, so the first object made for a value
// serves every later caller in the process.
package durations

import (
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

var seconds, minutes sync.Map // float64 -> awscdk.Duration

// Seconds is awscdk.Duration_Seconds(n), made once per value.
func Seconds(n float64) awscdk.Duration { return once(&seconds, n, awscdk.Duration_Seconds) }

// Minutes is awscdk.Duration_Minutes(n), made once per value.
func Minutes(n float64) awscdk.Duration { return once(&minutes, n, awscdk.Duration_Minutes) }

func once(made *sync.Map, n float64, make func(*float64) awscdk.Duration) awscdk.Duration {
	if d, ok := made.Load(n); ok {
		return d.(awscdk.Duration)
	}
	d, _ := made.LoadOrStore(n, make(jsii.Number(n)))
	return d.(awscdk.Duration)
}
