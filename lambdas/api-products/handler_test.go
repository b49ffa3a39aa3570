package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"testing"

	"github.com/strangler-fig/strangler/lambdas/httpadapter"
)

func adapter() *httpadapter.Adapter {
	return httpadapter.New(newHandler(defaultCatalogue()),
		httpadapter.WithLogger(slog.New(slog.NewJSONHandler(io.Discard, nil))))
}

// restEvent builds a REST API (payload 1.0) event as API Gateway sends it
// for the prod stage: path without the stage, values already decoded.
func restEvent(path string, query map[string][]string, params map[string]string) []byte {
	ev := map[string]any{
		"resource": "/products", "path": path, "httpMethod": "GET",
		"multiValueHeaders":               map[string][]string{"Accept": {"application/json"}},
		"multiValueQueryStringParameters": query,
		"pathParameters":                  params,
		"requestContext": map[string]any{
			"path": "/prod" + path, "stage": "prod", "requestId": "api-req", "protocol": "HTTP/1.1",
			"identity": map[string]string{"sourceIp": "203.0.113.9"}, "domainName": "example.execute-api.eu-west-1.amazonaws.com",
		},
		"body": nil, "isBase64Encoded": false,
	}
	b, err := json.Marshal(ev)
	if err != nil {
		panic(err)
	}
	return b
}

func v2Event(rawPath, rawQuery string) []byte {
	b, err := json.Marshal(map[string]any{
		"version": "2.0", "routeKey": "$default", "rawPath": rawPath, "rawQueryString": rawQuery,
		"headers": map[string]string{"accept": "application/json"},
		"requestContext": map[string]any{
			"stage": "$default", "requestId": "api-v2",
			"http": map[string]string{"method": "GET", "path": rawPath, "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1"},
		},
	})
	if err != nil {
		panic(err)
	}
	return b
}

func jsonResp(status int, body string) string {
	b, _ := json.Marshal(body)
	return `{"statusCode":` + itoa(status) + `,"multiValueHeaders":{"Content-Type":["application/json"]},"body":` +
		string(b) + `,"isBase64Encoded":false}`
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestProductsREST(t *testing.T) {
	file, err := os.ReadFile("testdata/rest-products-query.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		event []byte
		want  string
	}{
		{"testdata: repeated ids in request order, fields with ';'", file,
			jsonResp(200, `{"products":[{"name":"Doohickey; deluxe","price":99},{"name":"Widget","price":9.99}]}`)},
		{"all products", restEvent("/products", nil, nil),
			jsonResp(200, `{"products":[{"id":1,"name":"Widget","price":9.99,"stock":120},`+
				`{"id":2,"name":"Gadget","price":24.5,"stock":8},{"id":3,"name":"Doohickey; deluxe","price":99,"stock":0}]}`)},
		{"id=1&id=2", restEvent("/products", map[string][]string{"id": {"1", "2"}}, nil),
			jsonResp(200, `{"products":[{"id":1,"name":"Widget","price":9.99,"stock":120},{"id":2,"name":"Gadget","price":24.5,"stock":8}]}`)},
		{"unknown ids are left out", restEvent("/products", map[string][]string{"id": {"2", "99"}, "fields": {"id,stock"}}, nil),
			jsonResp(200, `{"products":[{"id":2,"stock":8}]}`)},
		{"non-numeric id", restEvent("/products", map[string][]string{"id": {"1", "x"}}, nil),
			jsonResp(400, `{"message":"id must be a positive integer: \"x\""}`)},
		{"unknown field", restEvent("/products", map[string][]string{"fields": {"name;colour"}}, nil),
			jsonResp(400, `{"message":"unknown field \"colour\"; known: id, name, price, stock"}`)},
		{"one product", restEvent("/products/2", nil, map[string]string{"id": "2"}),
			jsonResp(200, `{"id":2,"name":"Gadget","price":24.5,"stock":8}`)},
		{"absent product", restEvent("/products/42", nil, map[string]string{"id": "42"}),
			jsonResp(404, `{"message":"product not found"}`)},
		{"non-numeric product id", restEvent("/products/abc", nil, map[string]string{"id": "abc"}),
			jsonResp(400, `{"message":"id must be a positive integer: \"abc\""}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := adapter().Invoke(context.Background(), tt.event)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.want {
				t.Errorf("\n got %s\nwant %s", out, tt.want)
			}
		})
	}
}

// HTTP API: the client's raw ';' inside "fields" must not split the value.
func TestProductsHTTPAPI(t *testing.T) {
	out, err := adapter().Invoke(context.Background(), v2Event("/products", "id=2&fields=name;price&id=1"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":` +
		`"{\"products\":[{\"name\":\"Gadget\",\"price\":24.5},{\"name\":\"Widget\",\"price\":9.99}]}","isBase64Encoded":false}`
	if string(out) != want {
		t.Errorf("\n got %s\nwant %s", out, want)
	}
}
