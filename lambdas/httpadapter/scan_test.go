package httpadapter

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzScanEvent: whenever scanEvent accepts a payload, encoding/json must
// accept it too and decode the same event; scanEvent may refuse anything
// (decodeEvent then uses encoding/json).
func FuzzScanEvent(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range scanSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		compareScan(t, payload)
	})
}

var scanSeeds = []string{
	`{"httpMethod":"POST","path":"/x","body":"{\"a\":\"b\\n\u00e9\u2028\"}","isBase64Encoded":false}`,
	`{"httpMethod":"POST","path":"/x","body":"aGVsbG8=","isBase64Encoded":true,"cookies":[]}`,
	`{"httpMethod":"GET","path":"/x","multiValueHeaders":{"a":["1"],"A":["2"]}}`,
	`{"httpMethod":"GET","path":"/x","multiValueHeaders":{"x-a":[],"b":["1","2"]},"multiValueQueryStringParameters":{"k":["v","w"]}}`,
	`{"httpMethod":"GET","path":"/x","Body":"a","PATH":"/y"}`,
	`{"httpMethod":"GET","path":"/x","body":"a","body":"b"}`,
	`{"httpMethod":"GET","path":"/x","body":"\ud83d\ude00"}`,
	`{"httpMethod":"GET","path":"/x","unknown":[1,-2.5e+3,{"a":null,"b":true},"\u0041\/"],"n":0}`,
	`{"version":"2.0","rawPath":"/p","headers":{"a":"b"},"cookies":["a=1",null],"requestContext":{"http":{"method":"GET","sourceIp":"1.2.3.4"},"stage":"$default","requestId":"r"}}`,
	`{"httpMethod":"GET","path":"/x","requestContext":null,"pathParameters":null,"headers":null}`,
	`{"httpMethod":"GET","path":"/x"} x`,
	`{"httpMethod":"GET","path":"/x","a":01}`,
	`{"httpMethod":"GET","path":"/x","isBase64Encoded":1}`,
	"{\"httpMethod\":\"GET\",\"path\":\"/x\xff\"}",
	"{\"httpMethod\":\"GET\",\"path\":\"/x\",\"z\":\"\xff\"}",
	`{"httpMethod":"GET","path":"/x","pathParameters":{"id":"1","id":"2"}}`,
	` { "httpMethod" : "GET" , "path" : "/x" , "requestContext" : { "identity" : { "sourceIp" : "1" } } } `,
}

func TestScanEventSeeds(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	scanned := 0
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if compareScan(t, b) {
			scanned++
		}
	}
	if scanned != len(files) {
		t.Errorf("scanEvent handled %d of %d testdata events, want all", scanned, len(files))
	}
	for _, s := range scanSeeds {
		compareScan(t, []byte(s))
	}
}

// compareScan checks scanEvent against encoding/json on payload and reports
// whether scanEvent handled it.
func compareScan(t *testing.T, payload []byte) bool {
	t.Helper()
	var got event
	defer got.release()
	if !scanEvent(payload, &got) {
		return false
	}
	var want event
	if err := json.Unmarshal(payload, &want); err != nil {
		t.Fatalf("scanEvent accepted %q, encoding/json: %v", payload, err)
	}
	if !bytes.Equal(got.body, []byte(want.Body)) {
		t.Fatalf("%q: body %q, want %q", payload, got.body, want.Body)
	}
	if want.MultiValueHeaders != nil {
		h := make(map[string][]string, len(want.MultiValueHeaders))
		for k, v := range want.MultiValueHeaders {
			h[textproto.CanonicalMIMEHeaderKey(k)] = v
		}
		want.MultiValueHeaders = h
	}
	if got.MultiValueHeaders != nil && !got.canonicalHeaders {
		t.Fatalf("%q: multiValueHeaders not canonicalised", payload)
	}
	got.MultiValueHeaders = map[string][]string(http.Header(got.MultiValueHeaders))
	got.body, got.canonicalHeaders, got.bufs = nil, false, [2]*[]byte{}
	want.Body = ""

	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\n scanEvent     %#v\n encoding/json %#v", payload, got, want)
	}
	return true
}

// FuzzScanHeaders: whenever scanHeaders accepts a "headers" object,
// stringMap plus canonicalisation (the path it replaces) gives the same
// header.
func FuzzScanHeaders(f *testing.F) {
	f.Add([]byte(`{"Host":"h","x-a":"1","Accept":"*/*"}`))
	f.Add([]byte(`{"a":"1","A":"2"}`))
	f.Add([]byte(`{"a":"\u00e9\n","b":null}`))
	f.Add([]byte(` {} `))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, ok := scanHeaders(raw, 0)
		if !ok {
			return
		}
		if !json.Valid(raw) {
			t.Fatalf("scanHeaders accepted invalid JSON %q", raw)
		}
		single, err := stringMap(raw, "headers")
		if err != nil {
			t.Fatalf("scanHeaders accepted %q, stringMap: %v", raw, err)
		}
		want := http.Header{}
		for k, v := range single {
			ck := textproto.CanonicalMIMEHeaderKey(k)
			want[ck] = append(want[ck], v)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: scanHeaders %#v, want %#v", raw, got, want)
		}
	})
}
