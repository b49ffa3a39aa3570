package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// sqlBucket is the bucket formula of planner/athena's SQL, in Go: the
// position of the highest bit from log2(v + 0.5), which no rounding of a
// double moves across an integer for v < 2^53.
func sqlBucket(ms int64) int {
	if ms < 64 {
		return int(max(ms, 0))
	}
	shift := int64(math.Floor(math.Log2(float64(ms)+0.5))) - 5
	i := (shift+1)*32 + int64(math.Floor(float64(ms)/math.Pow(2, float64(shift)))) - 32
	return int(min(i, numBuckets-1))
}

func TestSQLBucketFormulaIsBucketOf(t *testing.T) {
	check := func(v int64) {
		if got, want := sqlBucket(v), bucketOf(v); got != want {
			t.Fatalf("ms %d: SQL bucket %d, bucketOf %d", v, got, want)
		}
	}
	for v := range int64(1 << 16) {
		check(v)
	}
	for k := 6; k < 40; k++ { // both sides of every power of two
		for d := int64(-3); d <= 3; d++ {
			check(1<<k + d)
		}
	}
	r := rand.New(rand.NewPCG(13, 13))
	for range 200_000 {
		check(r.Int64N(1 << 36))
	}
}

func TestAggregatesMakeTheSameRouteAsAdd(t *testing.T) {
	var byAdd, byAgg Route
	r := rand.New(rand.NewPCG(1, 2))
	type key struct{ t, bucket int64 }
	seconds := map[int64][2]uint64{}
	buckets := map[int][2]uint64{}
	for range 5000 {
		tt := 1_700_000_000 + r.Int64N(300)
		ms := r.Int64N(5000)
		byAdd.Series.Add(tt, ms)
		byAdd.Latency.Add(ms)
		s := seconds[tt]
		seconds[tt] = [2]uint64{s[0] + 1, s[1] + uint64(ms)}
		b := buckets[bucketOf(ms)]
		buckets[bucketOf(ms)] = [2]uint64{b[0] + 1, b[1] + uint64(ms)}
	}
	for tt, s := range seconds {
		byAgg.Series.AddSecond(tt, uint32(s[0]), s[1])
	}
	for i, b := range buckets {
		if err := byAgg.Latency.AddBucket(i, b[0], b[1]); err != nil {
			t.Fatal(err)
		}
	}
	if byAdd.Latency != byAgg.Latency {
		t.Error("histograms differ")
	}
	for _, d := range []Duration{{Source: "time-taken"}, {Source: "p95"}} {
		if a, b := byAdd.Peaks(d), byAgg.Peaks(d); a != b {
			t.Errorf("%s: peaks %+v by Add, %+v from aggregates", d.Source, a, b)
		}
	}
	if err := byAgg.Latency.AddBucket(numBuckets, 1, 1); err == nil {
		t.Error("bucket out of range accepted")
	}
}

func TestStatusClassAndMethodIndex(t *testing.T) {
	for status, want := range map[int]int{0: 0, 99: 0, 100: 1, 204: 2, 399: 3, 404: 4, 503: 5, 600: 0, -200: 0} {
		if got := StatusClass(status); got != want {
			t.Errorf("StatusClass(%d) = %d, want %d", status, got, want)
		}
	}
	if Methods[MethodIndex("PATCH")] != "PATCH" || Methods[MethodIndex("PROPFIND")] != "OTHER" {
		t.Error("MethodIndex")
	}
}
