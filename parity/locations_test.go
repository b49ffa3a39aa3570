package parity

import "testing"

func TestPatternsCover(t *testing.T) {
	for _, c := range []struct {
		pattern, where string
		want           bool
	}{
		{"/meta", "/meta/requestId", true},
		{"/meta", "/metadata", false},
		{"/meta/requestId", "/meta", false}, // the whole object missing is not noise at one member
		{"/items/*/updatedAt", "/items/3/updatedAt", true},
		{"/items/*/updatedAt", "/items/3/id", false},
		{"/items/*", "/items/-", true},
		{"status", "status", true},
		{"body", "/anything/at/all", true},
		{"body", "", true},
		{"body", "status", false},
		{"/a", "header:A", false},
	} {
		var p Pattern
		if c.pattern == "status" || c.pattern == "body" || c.pattern[0] == '/' {
			var err error
			if p, err = ParseIgnore(c.pattern); err != nil {
				t.Fatal(err)
			}
		}
		if got := p.covers(c.where); got != c.want {
			t.Errorf("%q covers %q: %v, want %v", c.pattern, c.where, got, c.want)
		}
	}
	if !HeaderPattern("x-request-id").covers("header:X-Request-Id") {
		t.Error("header names are matched in any case")
	}
	for _, bad := range []string{"", "/", "meta.requestId", "header:Date"} {
		if _, err := ParseIgnore(bad); err == nil {
			t.Errorf("ParseIgnore(%q) accepted", bad)
		}
	}
}

func TestNoiseGeneralizesIndicesAndKeepsCosmeticApart(t *testing.T) {
	var s patternSet
	s.add(noiseOf(Difference{Kind: KindValueChanged, Where: "/items/0/ts"}))
	s.add(noiseOf(Difference{Kind: KindKeyOrder, Where: "body"}))
	for _, c := range []struct {
		d    Difference
		want bool
	}{
		{Difference{Kind: KindValueChanged, Where: "/items/7/ts"}, true},
		{Difference{Kind: KindValueChanged, Where: "/items/7/id"}, false},
		{Difference{Kind: KindFieldRenamed, Where: "/x", To: "/items/1/ts"}, true},
		{Difference{Kind: KindKeyOrder, Where: "body"}, true},
		{Difference{Kind: KindWhitespace, Where: "body"}, false},
		{Difference{Kind: KindBodyBytes, Where: "body"}, false}, // key-order noise is no licence to skip the body
	} {
		if got := s.covers(c.d); got != c.want {
			t.Errorf("%+v: covered %v, want %v", c.d, got, c.want)
		}
	}
}
