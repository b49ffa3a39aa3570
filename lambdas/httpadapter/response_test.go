package httpadapter

import (
	"context"
	"net/http"
	"testing"
)

const (
	v1GET = `{"httpMethod":"GET","path":"/r","requestContext":{"requestId":"api-r"}}`
	v2GET = `{"version":"2.0","rawPath":"/r","requestContext":{"requestId":"api-r","stage":"$default","http":{"method":"GET"}}}`
)

func TestResponseEvents(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	tests := []struct {
		name    string
		handler http.HandlerFunc
		v1, v2  string
	}{
		{
			name: "JSON with repeated headers and cookies",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Add("X-Multi", "a")
				w.Header().Add("X-Multi", "b")
				http.SetCookie(w, &http.Cookie{Name: "s", Value: "1", Path: "/", HttpOnly: true})
				http.SetCookie(w, &http.Cookie{Name: "t", Value: "2"})
				w.WriteHeader(http.StatusCreated)
				w.Write([]byte(`{"ok":true}`))
			},
			v1: `{"statusCode":201,"multiValueHeaders":{"Content-Type":["application/json"],` +
				`"Set-Cookie":["s=1; Path=/; HttpOnly","t=2"],"X-Multi":["a","b"]},` +
				`"body":"{\"ok\":true}","isBase64Encoded":false}`,
			v2: `{"statusCode":201,"headers":{"Content-Type":"application/json","X-Multi":"a,b"},` +
				`"cookies":["s=1; Path=/; HttpOnly","t=2"],"body":"{\"ok\":true}","isBase64Encoded":false}`,
		},
		{
			name: "binary body is base64",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "image/png")
				w.Write(png)
			},
			v1: `{"statusCode":200,"multiValueHeaders":{"Content-Type":["image/png"]},` +
				`"body":"iVBORw0KGgoAAAANSUhEUg==","isBase64Encoded":true}`,
			v2: `{"statusCode":200,"headers":{"Content-Type":"image/png"},` +
				`"body":"iVBORw0KGgoAAAANSUhEUg==","isBase64Encoded":true}`,
		},
		{
			name: "compressed text is base64",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain")
				w.Header().Set("Content-Encoding", "gzip")
				w.Write([]byte("abc"))
			},
			v1: `{"statusCode":200,"multiValueHeaders":{"Content-Encoding":["gzip"],"Content-Type":["text/plain"]},` +
				`"body":"YWJj","isBase64Encoded":true}`,
			v2: `{"statusCode":200,"headers":{"Content-Encoding":"gzip","Content-Type":"text/plain"},` +
				`"body":"YWJj","isBase64Encoded":true}`,
		},
		{
			name: "invalid UTF-8 text is base64",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain; charset=latin1")
				w.Write([]byte("caf\xe9"))
			},
			v1: `{"statusCode":200,"multiValueHeaders":{"Content-Type":["text/plain; charset=latin1"]},` +
				`"body":"Y2Fm6Q==","isBase64Encoded":true}`,
			v2: `{"statusCode":200,"headers":{"Content-Type":"text/plain; charset=latin1"},` +
				`"body":"Y2Fm6Q==","isBase64Encoded":true}`,
		},
		{
			name: "missing Content-Type is sniffed; escaping",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Write([]byte("<html>\"q\" \\ \n\t\x01 <&> \u2028 é</html>"))
			},
			v1: `{"statusCode":200,"multiValueHeaders":{"Content-Type":["text/html; charset=utf-8"]},` +
				`"body":"<html>\"q\" \\ \n\t\u0001 <&> \u2028 é</html>","isBase64Encoded":false}`,
			v2: `{"statusCode":200,"headers":{"Content-Type":"text/html; charset=utf-8"},` +
				`"body":"<html>\"q\" \\ \n\t\u0001 <&> \u2028 é</html>","isBase64Encoded":false}`,
		},
		{
			name:    "empty response",
			handler: func(w http.ResponseWriter, r *http.Request) {},
			v1:      `{"statusCode":200,"multiValueHeaders":{},"body":"","isBase64Encoded":false}`,
			v2:      `{"statusCode":200,"headers":{},"body":"","isBase64Encoded":false}`,
		},
		{
			name: "first WriteHeader wins, 1xx ignored",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusContinue)
				w.WriteHeader(http.StatusNotFound)
				w.WriteHeader(http.StatusOK)
				w.Header()["Content-Type"] = nil // suppresses sniffing, as in net/http
				w.Write([]byte("nf"))
			},
			v1: `{"statusCode":404,"multiValueHeaders":{},"body":"bmY=","isBase64Encoded":true}`,
			v2: `{"statusCode":404,"headers":{},"body":"bmY=","isBase64Encoded":true}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := quietAdapter(tt.handler)
			for _, c := range []struct{ ev, want string }{{v1GET, tt.v1}, {v2GET, tt.v2}} {
				out, err := a.Invoke(context.Background(), []byte(c.ev))
				if err != nil {
					t.Fatal(err)
				}
				if string(out) != c.want {
					t.Errorf("event %s\n got %s\nwant %s", c.ev[:20], out, c.want)
				}
			}
		})
	}
}

// The writer is pooled: a second invocation must not see the first one's
// headers, status or body.
func TestWriterReuse(t *testing.T) {
	n := 0
	a := quietAdapter(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 1 {
			w.Header().Set("X-First", "1")
			w.WriteHeader(http.StatusTeapot)
			w.Write([]byte("first"))
		}
	}))
	for range 2 {
		if _, err := a.Invoke(context.Background(), []byte(v1GET)); err != nil {
			t.Fatal(err)
		}
	}
	out, _ := a.Invoke(context.Background(), []byte(v1GET))
	if want := `{"statusCode":200,"multiValueHeaders":{},"body":"","isBase64Encoded":false}`; string(out) != want {
		t.Errorf("got %s, want %s", out, want)
	}
}

func TestInvalidStatusPanicsInto500(t *testing.T) {
	a := quietAdapter(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(42) }))
	out, _ := a.Invoke(lambdaCtx("L"), []byte(v1GET))
	want := `{"statusCode":500,"multiValueHeaders":{"Content-Type":["application/json"]},` +
		`"body":"{\"message\":\"Internal Server Error\",\"requestId\":\"L\",\"apiRequestId\":\"api-r\"}","isBase64Encoded":false}`
	if string(out) != want {
		t.Errorf("got %s\nwant %s", out, want)
	}
}
