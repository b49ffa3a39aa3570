package local

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/strangler-fig/strangler/local/testdata/lambdas/echo"
)

// The figures in docs/local.md:
//
//	go test -run '^$' -bench . -benchtime 3s ./local
//
// Direct is the handler behind a plain HTTP server; Edge is the same
// handler behind the local edge (CloudFront behaviour, the cut-over
// function in Node, API Gateway's event, the Runtime API, a process);
// EdgeNoFunction skips Node. Serial runs give the latency per request,
// Parallel ones requests per second with 8 callers.
const benchPath = "/echo/x?idList=1;2;3&id=1&id=2"

func benchGet(b *testing.B, client *http.Client, url string) {
	resp, err := client.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Fatalf("status %d", resp.StatusCode)
	}
}

func benchTarget(b *testing.B, kind string) string {
	switch kind {
	case "Direct":
		s := httptest.NewServer(echo.Handler)
		b.Cleanup(s.Close)
		return s.URL
	case "Edge":
		return startTestManifest(b, Options{}).edge.URL
	}
	return startTestManifest(b, Options{NoViewerFunction: true}).edge.URL
}

func BenchmarkServe(b *testing.B) {
	for _, kind := range []string{"Direct", "Edge", "EdgeNoFunction"} {
		b.Run(kind+"/Serial", func(b *testing.B) {
			url := benchTarget(b, kind) + benchPath
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
			benchGet(b, client, url) // warm: cold start and connections
			b.ResetTimer()
			for b.Loop() {
				benchGet(b, client, url)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/req")
		})
		b.Run(kind+"/Parallel8", func(b *testing.B) {
			url := benchTarget(b, kind) + benchPath
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
			benchGet(b, client, url)
			b.SetParallelism(4) // 4 x GOMAXPROCS (2) callers
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					benchGet(b, client, url)
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}
