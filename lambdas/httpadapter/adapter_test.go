package httpadapter

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

func TestMalformedEvents(t *testing.T) {
	tests := []struct {
		name, ev string
		v2       bool
		detail   string // exact "error" field; "" checks only the prefix
	}{
		{"not JSON", `not json`, false, ""},
		{"JSON array", `[]`, false, ""},
		{"empty object", `{}`, false, "malformed API Gateway event: httpMethod is missing"},
		{"null", `null`, false, "malformed API Gateway event: httpMethod is missing"},
		{"REST without path", `{"httpMethod":"GET"}`, false, "malformed API Gateway event: path is missing"},
		{"v2 without method", `{"version":"2.0","rawPath":"/x","requestContext":{}}`, true,
			"malformed API Gateway event: requestContext.http.method is missing"},
		{"v2 without path", `{"version":"2.0","requestContext":{"http":{"method":"GET"}}}`, true,
			"malformed API Gateway event: rawPath is missing"},
		{"bad base64", `{"httpMethod":"POST","path":"/x","body":"@@@@","isBase64Encoded":true}`, false,
			"malformed API Gateway event: body is not valid base64: illegal base64 data at input byte 0"},
		{"wrong type", `{"httpMethod":"GET","path":"/x","multiValueHeaders":{"a":"b"}}`, false, ""},
		{"headers not an object", `{"httpMethod":"GET","path":"/x","headers":5}`, false,
			"malformed API Gateway event: headers: json: cannot unmarshal number into Go value of type map[string]string"},
		{"truncated", `{"httpMethod":"GET","path":"/x"`, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called := false
			var logs bytes.Buffer
			a := New(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called = true }),
				WithLogger(slog.New(NewLogHandler(&logs, nil))))
			out, err := a.Invoke(lambdaCtx("L-bad"), []byte(tt.ev))
			if err != nil {
				t.Fatalf("Invoke returned error %v; want a 400 response event", err)
			}
			if called {
				t.Error("handler was called for a malformed event")
			}
			var resp struct {
				StatusCode        int
				Headers           map[string]string
				MultiValueHeaders map[string][]string
				Body              string
			}
			if err := json.Unmarshal(out, &resp); err != nil {
				t.Fatalf("response is not JSON: %s", out)
			}
			if resp.StatusCode != 400 {
				t.Errorf("status %d, want 400", resp.StatusCode)
			}
			if tt.v2 != (resp.MultiValueHeaders == nil) {
				t.Errorf("response shape does not match the event version: %s", out)
			}
			var body map[string]string
			if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
				t.Fatalf("body is not JSON: %q", resp.Body)
			}
			if body["message"] != "Bad Request" || body["requestId"] != "L-bad" ||
				!strings.HasPrefix(body["error"], "malformed API Gateway event: ") ||
				(tt.detail != "" && body["error"] != tt.detail) {
				t.Errorf("body %v, want error %q", body, tt.detail)
			}
			if n := strings.Count(logs.String(), "\n"); n != 1 || !strings.Contains(logs.String(), `"level":"WARN"`) {
				t.Errorf("want one WARN log line, got %q", logs.String())
			}
		})
	}
}

// A panicking handler gives a 500 with a JSON body and exactly one ERROR
// line carrying both request IDs and the redacted event.
func TestPanicLogsRedactedEventOnce(t *testing.T) {
	var logs bytes.Buffer
	a := New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Partial", "1")
		w.Write([]byte("partial output that must be discarded"))
		panic("boom")
	}), WithLogger(slog.New(NewLogHandler(&logs, nil))))

	out, err := a.Invoke(lambdaCtx("lambda-panic"), readEvent(t, "rest-get-user-stage.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"statusCode":500,"multiValueHeaders":{"Content-Type":["application/json"]},"body":` +
		`"{\"message\":\"Internal Server Error\",\"requestId\":\"lambda-panic\",` +
		`\"apiRequestId\":\"c6af9ac6-7b61-11e6-9a41-93e8deadbeef\"}","isBase64Encoded":false}`
	if string(out) != want {
		t.Errorf("response\n got %s\nwant %s", out, want)
	}

	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("want exactly one log line, got %d: %s", len(lines), logs.String())
	}
	for _, secret := range []string{"secret-token-1", "session=abc123", "extra=1"} {
		if strings.Contains(lines[0], secret) {
			t.Errorf("log line leaks %q: %s", secret, lines[0])
		}
	}
	var rec struct {
		Timestamp    string `json:"timestamp"`
		Level        string `json:"level"`
		Message      string `json:"message"`
		RequestID    string `json:"requestId"`
		APIRequestID string `json:"apiRequestId"`
		Panic        string `json:"panic"`
		Stack        string `json:"stack"`
		Path         string `json:"path"`
		Event        struct {
			Path              string              `json:"path"`
			Headers           map[string]string   `json:"headers"`
			MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
			MultiValueQuery   map[string][]string `json:"multiValueQueryStringParameters"`
		} `json:"event"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatalf("log line is not JSON: %v\n%s", err, lines[0])
	}
	if rec.Timestamp == "" || rec.Level != "ERROR" || rec.Message != "handler panicked" ||
		rec.RequestID != "lambda-panic" || rec.APIRequestID != "c6af9ac6-7b61-11e6-9a41-93e8deadbeef" ||
		rec.Panic != "boom" || !strings.Contains(rec.Stack, "adapter_test.go") || rec.Path != "/user/42" {
		t.Errorf("log record %+v", rec)
	}
	ev := rec.Event
	if ev.Path != "/user/42" ||
		ev.Headers["Authorization"] != Redacted || ev.Headers["Cookie"] != Redacted ||
		ev.Headers["User-Agent"] != "curl/8.5.0" ||
		strings.Join(ev.MultiValueHeaders["Authorization"], ",") != Redacted ||
		strings.Join(ev.MultiValueHeaders["Cookie"], ",") != Redacted+","+Redacted ||
		strings.Join(ev.MultiValueHeaders["x-custom"], ",") != "one,two" ||
		strings.Join(ev.MultiValueQuery["id"], ",") != "1,2,3" {
		t.Errorf("logged event not redacted as expected: %+v", ev)
	}
}

func TestRedactEventV2(t *testing.T) {
	got := string(redactEvent([]byte(`{"version":"2.0","rawQueryString":"a=1&token=t0p&Access_Token=x&b=2",` +
		`"cookies":["s=1","t=2"],"headers":{"authorization":"Bearer x","x-api-key":"k","accept":"*/*"},` +
		`"queryStringParameters":{"token":"t0p","a":"1"},` +
		`"requestContext":{"identity":{"apiKey":"k2","sourceIp":"1.2.3.4"},"timeEpoch":1583348638390}}`)))
	want := `{"cookies":["[REDACTED]","[REDACTED]"],"headers":{"accept":"*/*","authorization":"[REDACTED]",` +
		`"x-api-key":"[REDACTED]"},"queryStringParameters":{"a":"1","token":"[REDACTED]"},` +
		`"rawQueryString":"a=1&token=%5BREDACTED%5D&Access_Token=%5BREDACTED%5D&b=2",` +
		`"requestContext":{"identity":{"apiKey":"[REDACTED]","sourceIp":"1.2.3.4"},"timeEpoch":1583348638390},"version":"2.0"}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if redactEvent([]byte("not json")) != nil {
		t.Error("unparseable payload must not be logged")
	}
}

func TestLogHandlerFormat(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(NewLogHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := withInfo(context.Background(), &requestInfo{lambdaRequestID: "L1", apiRequestID: "A1"})
	l.InfoContext(ctx, "hello", "k", "v")
	l.DebugContext(lambdaCtx("L2"), "from lambdacontext")
	l.Info("no context")

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines, got %q", buf.String())
	}
	wantKeys := [][]string{
		{"timestamp", "level", "message", "k", "requestId", "apiRequestId"},
		{"timestamp", "level", "message", "requestId"},
		{"timestamp", "level", "message"},
	}
	wantVals := []map[string]string{
		{"level": "INFO", "message": "hello", "k": "v", "requestId": "L1", "apiRequestId": "A1"},
		{"level": "DEBUG", "message": "from lambdacontext", "requestId": "L2"},
		{"level": "INFO", "message": "no context"},
	}
	for i, line := range lines {
		keys := jsonKeys(t, line)
		if strings.Join(keys, ",") != strings.Join(wantKeys[i], ",") {
			t.Errorf("line %d keys %v, want %v", i, keys, wantKeys[i])
		}
		var m map[string]string
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(m["timestamp"], "Z") {
			t.Errorf("timestamp %q is not UTC", m["timestamp"])
		}
		for k, v := range wantVals[i] {
			if m[k] != v {
				t.Errorf("line %d %s = %q, want %q", i, k, m[k], v)
			}
		}
	}
}

func TestLevelFromEnv(t *testing.T) {
	for in, want := range map[string]slog.Level{
		"": slog.LevelInfo, "DEBUG": slog.LevelDebug, "trace": slog.LevelDebug,
		"WARN": slog.LevelWarn, "ERROR": slog.LevelError, "FATAL": slog.LevelError, "INFO": slog.LevelInfo,
	} {
		if got := levelFromEnv(in); got != want {
			t.Errorf("levelFromEnv(%q) = %v, want %v", in, got, want)
		}
	}
}

// jsonKeys returns the top-level keys of a JSON object in order.
func jsonKeys(t *testing.T, s string) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}
