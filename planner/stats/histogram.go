// Package stats aggregates requests per route in memory that does not grow
// with the number of requests: latency in a fixed-size log-linear
// histogram, and request counts and durations per second in pages that
// stay sparse for quiet routes and turn dense (3,600 slots an hour) for
// busy ones, so memory grows with route-hours of traffic, not with lines.
package stats

import "math/bits"

// subBuckets per power of two: values are kept to within 1/32 (3.1%);
// values below 64 ms are exact.
const (
	subBits    = 5
	subBuckets = 1 << subBits
	numBuckets = subBuckets * 28 // up to 2^32 ms (49 days)
)

// Histogram counts latencies in milliseconds.
type Histogram struct {
	Counts [numBuckets]uint64
	N      uint64
	SumMs  uint64
}

func bucketOf(ms int64) int {
	if ms < 0 {
		ms = 0
	}
	v := uint64(ms)
	if v < 2*subBuckets {
		return int(v)
	}
	shift := bits.Len64(v) - subBits - 1 // v>>shift is in [32, 64)
	i := (shift+1)*subBuckets + int(v>>shift) - subBuckets
	if i >= numBuckets {
		return numBuckets - 1
	}
	return i
}

// bucketRange gives the smallest and largest value a bucket holds.
func bucketRange(i int) (lo, hi int64) {
	if i < 2*subBuckets {
		return int64(i), int64(i)
	}
	shift := i/subBuckets - 1
	m := int64(i%subBuckets + subBuckets)
	return m << shift, (m+1)<<shift - 1
}

// Add counts one value.
func (h *Histogram) Add(ms int64) {
	h.Counts[bucketOf(ms)]++
	h.N++
	if ms > 0 {
		h.SumMs += uint64(ms)
	}
}

// Merge adds o's counts.
func (h *Histogram) Merge(o *Histogram) {
	for i, c := range o.Counts {
		h.Counts[i] += c
	}
	h.N += o.N
	h.SumMs += o.SumMs
}

// Quantile returns the q-quantile (0 < q <= 1) by nearest rank, as the
// largest value of its bucket: exact below 64 ms, at most 3.1% high above.
// It is 0 for an empty histogram.
func (h *Histogram) Quantile(q float64) int64 {
	if h.N == 0 {
		return 0
	}
	rank := uint64(q*float64(h.N) + 0.999999999)
	rank = max(min(rank, h.N), 1)
	var seen uint64
	for i, c := range h.Counts {
		seen += c
		if seen >= rank {
			_, hi := bucketRange(i)
			return hi
		}
	}
	return 0
}
