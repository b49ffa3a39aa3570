package httpadapter

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	proxy "github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"
)

// Compare this adapter with aws-lambda-go-api-proxy's httpadapter on the
// same event bytes, end to end as the Lambda runtime drives each one:
//
//   - ours:  Invoke(ctx, payload) -> response JSON
//   - proxy: json.Unmarshal(payload, &events.APIGatewayProxyRequest) ->
//     ProxyWithContext -> json.Marshal(response), which is what
//     lambda.Start does around a func(ctx, events.APIGatewayProxyRequest).
//
// Run: go test -run '^$' -bench . -benchmem -count 6 ./lambdas/httpadapter

func benchHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":%q,"ids":%d,"read":%d}`, r.URL.Query().Get("id"), len(r.URL.Query()["id"]), n)
	})
}

func benchEvents(b *testing.B) map[string][]byte {
	get := readEvent(b, "rest-get-user-stage.json")

	var post map[string]any
	if err := json.Unmarshal(readEvent(b, "awslambdago-apigw-request.json"), &post); err != nil {
		b.Fatal(err)
	}
	var body strings.Builder
	body.WriteString(`{"items":[`)
	for i := 0; body.Len() < 10*1024-64; i++ {
		if i > 0 {
			body.WriteByte(',')
		}
		fmt.Fprintf(&body, `{"id":%d,"name":"item %d","price":%d.99,"tags":["a","b"]}`, i, i, i)
	}
	body.WriteString(`]}`)
	post["body"] = body.String()
	postJSON, err := json.Marshal(post)
	if err != nil {
		b.Fatal(err)
	}
	return map[string][]byte{"GET-query": get, "POST-10KB": postJSON}
}

func BenchmarkAdapters(b *testing.B) {
	evs := benchEvents(b)
	h := benchHandler()
	ours := New(h, WithLogger(discardLogger()))
	theirs := proxy.New(h)
	ctx, cancel := context.WithDeadline(
		lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "bench"}),
		time.Now().Add(time.Hour))
	defer cancel()

	for _, name := range []string{"GET-query", "POST-10KB"} {
		payload := evs[name]
		// Both must produce the same status and body, or the comparison is void.
		ourOut, err := ours.Invoke(ctx, payload)
		if err != nil {
			b.Fatal(err)
		}
		theirOut := proxyInvoke(b, ctx, theirs, payload)
		var o, t struct {
			StatusCode int
			Body       string
		}
		if json.Unmarshal(ourOut, &o) != nil || json.Unmarshal(theirOut, &t) != nil ||
			o.StatusCode != 200 || o != t {
			b.Fatalf("%s: adapters disagree:\n ours   %s\n theirs %s", name, ourOut, theirOut)
		}

		b.Run(name+"/httpadapter", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(payload)))
			for b.Loop() {
				if _, err := ours.Invoke(ctx, payload); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/aws-lambda-go-api-proxy", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(payload)))
			for b.Loop() {
				proxyInvoke(b, ctx, theirs, payload)
			}
		})
	}
}

func proxyInvoke(b *testing.B, ctx context.Context, p *proxy.HandlerAdapter, payload []byte) []byte {
	var req events.APIGatewayProxyRequest
	if err := json.Unmarshal(payload, &req); err != nil {
		b.Fatal(err)
	}
	resp, err := p.ProxyWithContext(ctx, req)
	if err != nil {
		b.Fatal(err)
	}
	out, err := json.Marshal(resp)
	if err != nil {
		b.Fatal(err)
	}
	return out
}
