package stats

import (
	"fmt"
	"math"
)

// Aggregates made elsewhere (an Athena query grouped by route, method,
// status class, latency bucket and second) are added with these, so that
// a Route filled from them is the Route that Add would have made from the
// same requests.

// NumBuckets is the number of latency buckets of a Histogram.
const NumBuckets = numBuckets

// BucketOf is the latency bucket of a duration in milliseconds: exact below
// 64 ms, then 32 buckets per power of two (see Histogram).
func BucketOf(ms int64) int { return bucketOf(ms) }

// MethodIndex is m's position in Methods (OTHER for anything else).
func MethodIndex(m string) int { return methodIndex([]byte(m)) }

// StatusClass is 1 to 5 for 1xx to 5xx, 0 for none or anything else.
func StatusClass(status int) int {
	if c := status / 100; status >= 0 && c >= 1 && c <= 5 {
		return c
	}
	return 0
}

// AddBucket counts n durations of bucket i that sum to sumMs.
func (h *Histogram) AddBucket(i int, n, sumMs uint64) error {
	if i < 0 || i >= numBuckets {
		return fmt.Errorf("latency bucket %d out of range [0, %d)", i, numBuckets)
	}
	h.Counts[i] += n
	h.N += n
	h.SumMs += sumMs
	return nil
}

// AddSecond counts n requests at Unix second t whose durations sum to ms
// (saturating as Add does).
func (s *Series) AddSecond(t int64, n uint32, ms uint64) {
	s.add(t, n, uint32(min(ms, math.MaxUint32)))
}
