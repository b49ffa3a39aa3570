package parity

import (
	"strings"
	"testing"
)

func TestUnescapeLog(t *testing.T) {
	for logged, sent := range map[string]string{
		"id=1;2;3&id=4":       "id=1;2;3&id=4",
		"q=a%2520b":           "q=a%20b",         // the viewer sent %20
		"q=100%2525":          "q=100%25",        // the viewer sent %25
		"q=a%20b":             "q=a%20b",         // the viewer sent a raw space: sent escaped
		"q=%252":              "q=%2",            // a bad escape goes as the viewer sent it
		"q=%25":               "q=%",             //
		"q=%2":                "q=%2",            // too short to be CloudFront's
		"tags=x+y&e=%25E2%25": "tags=x+y&e=%E2%", //
	} {
		if got := UnescapeLog([]byte(logged)); got != sent {
			t.Errorf("UnescapeLog(%q) = %q, want %q", logged, got, sent)
		}
	}
}

// CloudFront writes '%' as %25; undoing it gives back any viewer's bytes.
func FuzzUnescapeLogInvertsCloudFront(f *testing.F) {
	for _, s := range []string{"id=1;2", "a=%2F&b=%", "%%25", "x=é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, viewer string) {
		logged := strings.ReplaceAll(viewer, "%", "%25")
		if got := UnescapeLog([]byte(logged)); got != viewer {
			t.Errorf("viewer %q logged %q came back %q", viewer, logged, got)
		}
	})
}

func TestRequestTarget(t *testing.T) {
	if got := (Request{Path: "/a", Query: "b=1;2"}).Target(); got != "/a?b=1;2" {
		t.Error(got)
	}
	if got := (Request{Path: "/a"}).Target(); got != "/a" {
		t.Error(got)
	}
}
