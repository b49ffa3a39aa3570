package cutover

import (
	"strings"
	"testing"
)

func TestParseWeight(t *testing.T) {
	for s, want := range map[string]int{"0": 0, "1": 1, "10": 10, "100": 100, "050": 50} {
		if got, err := ParseWeight(s); err != nil || got != want {
			t.Errorf("ParseWeight(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"", "101", "-1", "+5", " 5", "5 ", "1.5", "1e2", "0100", "abc"} {
		if _, err := ParseWeight(s); err == nil || !strings.Contains(err.Error(), "0 to 100") {
			t.Errorf("ParseWeight(%q) err = %v, want a range error", s, err)
		}
	}
}

// Whatever the store holds, ParseWeight accepts only 0..100 and what it
// accepts reads back the same once written.
func FuzzParseWeight(f *testing.F) {
	for _, s := range []string{"0", "100", "101", "007", "-0", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseWeight(s)
		if err != nil {
			return
		}
		if n < MinWeight || n > MaxWeight {
			t.Fatalf("ParseWeight(%q) = %d", s, n)
		}
		if m, err := ParseWeight(FormatWeight(n)); err != nil || m != n {
			t.Fatalf("round trip of %d: %d, %v", n, m, err)
		}
	})
}

func TestRouteOfKey(t *testing.T) {
	for key, want := range map[string][2]string{
		"w:/user/{id}": {WeightPrefix, "/user/{id}"},
		"n:/user/{id}": {NotePrefix, "/user/{id}"},
		"w:":           {},
		"x:/user":      {},
		"/user":        {},
	} {
		p, r, ok := routeOfKey(key)
		if ok != (want[0] != "") || p != want[0] || r != want[1] {
			t.Errorf("routeOfKey(%q) = %q, %q, %v; want %q", key, p, r, ok, want)
		}
	}
}

func TestCheckRouteAndPercent(t *testing.T) {
	if err := checkRoute("user/{id}"); err == nil || !strings.Contains(err.Error(), "starting with /") {
		t.Errorf("no leading slash: %v", err)
	}
	if err := checkRoute("/" + strings.Repeat("a", 510)); err == nil || !strings.Contains(err.Error(), "512") {
		t.Errorf("key too long: %v", err)
	}
	if err := checkRoute("/" + strings.Repeat("a", 509)); err != nil {
		t.Errorf("512-byte key: %v", err)
	}
	for _, p := range []int{-1, 101} {
		if err := checkPercent("/a", p); err == nil || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("checkPercent(%d) = %v", p, err)
		}
	}
}
