package qt

import (
	"context"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/planner"
	"github.com/strangler-fig/strangler/planner/cflog"
)

func TestSpeed(t *testing.T) {
	src, _ := cflog.LocalSources([]string{"/tmp/logs-small"})
	for _, w := range []int{1, 2} {
		start := time.Now()
		res, err := planner.Analyze(context.Background(), src, planner.Options{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		d := time.Since(start)
		t.Logf("workers=%d %d records %d routes %.0f MB/s", w, res.Records, len(res.Routes), float64(res.UncompressedBytes)/1e6/d.Seconds())
		for _, r := range res.Routes[:min(15, len(res.Routes))] {
			t.Logf("%s %d", r.Template, r.Stats.Requests)
		}
	}
}
