package routing_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/routing"
)

func TestParseTemplate(t *testing.T) {
	lit := func(s string) routing.Segment { return routing.Segment{Literal: s} }
	param := func(s string) routing.Segment { return routing.Segment{Param: s} }
	greedy := func(s string) routing.Segment { return routing.Segment{Param: s, Greedy: true} }
	tests := []struct {
		path string
		want []routing.Segment
	}{
		{"/", nil},
		{"/user", []routing.Segment{lit("user")}},
		{"/user/{id}", []routing.Segment{lit("user"), param("id")}},
		{"/user/{id}/orders/{order_id}", []routing.Segment{lit("user"), param("id"), lit("orders"), param("order_id")}},
		{"/files/{proxy+}", []routing.Segment{lit("files"), greedy("proxy")}},
		{"/{proxy+}", []routing.Segment{greedy("proxy")}},
		{"/v1.2/a_b:c~d@e-f", []routing.Segment{lit("v1.2"), lit("a_b:c~d@e-f")}},
		{"/{_x9}", []routing.Segment{param("_x9")}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, err := routing.ParseTemplate(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Segments) != len(tt.want) || (len(tt.want) > 0 && !reflect.DeepEqual(got.Segments, tt.want)) {
				t.Errorf("segments = %#v, want %#v", got.Segments, tt.want)
			}
			if s := got.String(); s != tt.path {
				t.Errorf("String() = %q, want %q", s, tt.path)
			}
		})
	}
}

func TestParseTemplateErrors(t *testing.T) {
	tests := []struct{ path, want string }{
		{"", `"" must start with /`},
		{"user", `"user" must start with /`},
		{"/user/", `"/user/" must not end with /`},
		{"//", `"//" must not end with /`},
		{"/a//b", `"/a//b" has an empty segment (//)`},
		{"/a/{p+}/b", `"/a/{p+}/b": greedy {p+} must be the last segment`},
		{"/a/{id}/{id}", `"/a/{id}/{id}": parameter {id} appears twice`},
		{"/a/{id}/{id+}", `"/a/{id}/{id+}": parameter {id} appears twice`},
		{"/a/x{id}", `"/a/x{id}": segment "x{id}" mixes text and braces; a parameter must be a whole segment like {id}`},
		{"/a/{id", `"/a/{id": segment "{id" mixes text and braces; a parameter must be a whole segment like {id}`},
		{"/a/{}", `"/a/{}": parameter "{}" must be a letter or _ followed by letters, digits or _`},
		{"/a/{+}", `"/a/{+}": parameter "{+}" must be a letter or _ followed by letters, digits or _`},
		{"/a/{9}", `"/a/{9}": parameter "{9}" must be a letter or _ followed by letters, digits or _`},
		{"/a/{a-b}", `"/a/{a-b}": parameter "{a-b}" must be a letter or _ followed by letters, digits or _`},
		{"/a b", `"/a b": segment "a b" has characters API Gateway refuses (allowed: letters, digits and . _ : ~ @ -)`},
		{"/a*", `"/a*": segment "a*" has characters API Gateway refuses (allowed: letters, digits and . _ : ~ @ -)`},
		{"/é", `"/é": segment "é" has characters API Gateway refuses (allowed: letters, digits and . _ : ~ @ -)`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := routing.ParseTemplate(tt.path)
			if err == nil {
				t.Fatalf("no error for %q", tt.path)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %s\nwant    %s", err, tt.want)
			}
		})
	}
}

func mustTemplate(t *testing.T, path string) routing.Template {
	t.Helper()
	tpl, err := routing.ParseTemplate(path)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func TestEdgePattern(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/", "/"},
		{"/products", "/products"},
		{"/user/{id}", "/user/*"},
		{"/user/{id}/orders", "/user/*/orders"},
		{"/files/{proxy+}", "/files/*"},
		{"/{proxy+}", "/*"},
		{"/{tenant}/orders/{id}", "/*/orders/*"},
	}
	for _, tt := range tests {
		if got := mustTemplate(t, tt.path).EdgePattern(); got != tt.want {
			t.Errorf("EdgePattern(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestFunctionName(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/", "api-root"},
		{"/user/{id}", "api-user-id"},
		{"/files/{proxy+}", "api-files-proxy"},
		{"/{proxy+}", "api-proxy"},
		{"/Users/{userId}/Orders", "api-users-userid-orders"},
		{"/v1.2/items", "api-v1-2-items"},
		{"/a_b/c~d", "api-a-b-c-d"},
		{"/-x-/{_id}", "api-x-id"},
	}
	for _, tt := range tests {
		if got := mustTemplate(t, tt.path).FunctionName(); got != tt.want {
			t.Errorf("FunctionName(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		template, path string
		want           map[string]string // nil: no match
	}{
		{"/products", "/products", map[string]string{}},
		{"/products", "/product", nil},
		{"/products", "/products/1", nil},
		{"/user/{id}", "/user/42", map[string]string{"id": "42"}},
		{"/user/{id}", "/user", nil},
		{"/user/{id}", "/user/", nil},
		{"/user/{id}", "/user/42/", nil},
		{"/user/{id}", "/user/42/orders", nil},
		{"/user/{id}", "/users/42", nil},
		{"/user/{id}/orders/{o}", "/user/1/orders/2", map[string]string{"id": "1", "o": "2"}},
		{"/user/{id}/orders", "/user//orders", nil},
		{"/files/{proxy+}", "/files/a/b/c.txt", map[string]string{"proxy": "a/b/c.txt"}},
		{"/files/{proxy+}", "/files/a", map[string]string{"proxy": "a"}},
		{"/files/{proxy+}", "/files", nil},
		{"/{proxy+}", "/anything/at/all", map[string]string{"proxy": "anything/at/all"}},
		{"/", "/", map[string]string{}},
		{"/", "", map[string]string{}},
		{"/", "/a", nil},
		{"/a", "/", nil},
	}
	for _, tt := range tests {
		got, ok := mustTemplate(t, tt.template).Match(tt.path)
		if ok != (tt.want != nil) || (ok && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("%s Match(%q) = %v, %v; want %v, %v", tt.template, tt.path, got, ok, tt.want, tt.want != nil)
		}
	}
}

func TestSegmentString(t *testing.T) {
	for _, s := range []string{"/a/{b}/{c+}"} {
		tpl := mustTemplate(t, s)
		var parts []string
		for _, seg := range tpl.Segments {
			parts = append(parts, seg.String())
		}
		if got := "/" + strings.Join(parts, "/"); got != s {
			t.Errorf("segments joined = %q, want %q", got, s)
		}
	}
}
