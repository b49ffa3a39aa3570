package httpadapter_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/strangler-fig/strangler/lambdas/httpadapter"
)

// A function's main is one line: httpadapter.Start(handler). Invoke is what
// the Lambda runtime calls with each event; here it is called directly with a
// REST API event for GET /user/{id} on the "prod" stage.
func Example() {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"path":%q,"id":%q,"tags":%q}`, r.URL.Path, httpadapter.PathParam(r, "id"), r.URL.Query()["tag"])
	})
	a := httpadapter.New(h, httpadapter.WithLogger(slog.New(slog.NewJSONHandler(io.Discard, nil))))

	event := `{"httpMethod":"GET","path":"/user/42","pathParameters":{"id":"42"},
		"multiValueQueryStringParameters":{"tag":["a;b","c"]},
		"requestContext":{"stage":"prod","path":"/prod/user/42","requestId":"abc"}}`
	out, err := a.Invoke(context.Background(), []byte(event))
	if err != nil {
		panic(err)
	}
	fmt.Println(string(out))
	// Output:
	// {"statusCode":200,"multiValueHeaders":{"Content-Type":["application/json"]},"body":"{\"path\":\"/user/42\",\"id\":\"42\",\"tags\":[\"a;b\" \"c\"]}","isBase64Encoded":false}
}
