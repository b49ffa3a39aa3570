package routing

import (
	"regexp"
	"strings"
	"testing"
)

func TestPatternMatches(t *testing.T) {
	cases := []struct {
		pattern, path string
		want          bool
	}{
		{"/user/*", "/user/1", true},
		{"/user/*", "/user/1/orders", true}, // CloudFront's * crosses /
		{"/user/*", "/user/", true},
		{"/user/*", "/user", false},
		{"/user/*", "/User/1", false}, // case-sensitive
		{"/user/*/orders", "/user/1/orders", true},
		{"/user/*/orders", "/user/1/2/orders", true},
		{"/user/*/orders", "/user/1/orders/x", false},
		{"/products", "/products", true},
		{"/products", "/products/1", false},
		{"/a?c", "/abc", true},
		{"/a?c", "/ac", false},
		{"*", "/anything/at/all", true},
		{"/*.jpg", "/images/a.jpg", true},
	}
	for _, c := range cases {
		if got := PatternMatches(c.pattern, c.path); got != c.want {
			t.Errorf("PatternMatches(%q, %q) = %v, want %v", c.pattern, c.path, got, c.want)
		}
	}
}

// FuzzPatternMatches checks the matcher against a regular expression
// made from the pattern: the model of CloudFront's rule.
func FuzzPatternMatches(f *testing.F) {
	f.Add("/user/*/orders", "/user/1/x/orders")
	f.Add("/a*b*c", "/aXbYbZc")
	f.Add("/??/*", "/ab/")
	f.Fuzz(func(t *testing.T, p, path string) {
		if len(p) > 40 || len(path) > 80 {
			return
		}
		var re strings.Builder
		re.WriteString(`^`)
		for _, r := range p {
			switch r {
			case '*':
				re.WriteString(`(?s:.*)`)
			case '?':
				re.WriteString(`(?s:.)`)
			default:
				re.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		re.WriteString(`$`)
		// Bytes, not runes: CloudFront matches the path as sent.
		model, err := regexp.Compile(re.String())
		if err != nil || !isASCII(p) || !isASCII(path) {
			return
		}
		if got, want := PatternMatches(p, path), model.MatchString(path); got != want {
			t.Fatalf("PatternMatches(%q, %q) = %v, the model says %v", p, path, got, want)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
