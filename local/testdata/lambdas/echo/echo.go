// Package echo is api-echo's handler: it answers with what it was given.
// The benchmark calls it directly, beside the same handler behind the
// local edge.
package echo

import (
	"encoding/json"
	"io"
	"net/http"
	"os"

	"github.com/strangler-fig/strangler/lambdas/httpadapter"
)

// Handler answers with the request as the handler saw it; /echo/binary
// answers a few PNG bytes.
var Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/echo/binary" {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte{0x89, 'P', 'N', 'G', 0, 0xff, 0xfe})
		return
	}
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"method": r.Method, "path": r.URL.Path, "query": r.URL.Query(), "body": string(body),
		"proxy": httpadapter.PathParam(r, "proxy"), "remote": r.RemoteAddr, "host": r.Host,
		"forwardedFor": r.Header.Get("X-Forwarded-For"), "env": os.Getenv("GREETING"),
		"secret": os.Getenv("ECHO_SECRET"), "functionName": os.Getenv("AWS_LAMBDA_FUNCTION_NAME"),
	})
})
