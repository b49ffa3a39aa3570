package durations

import "testing"

// One object per value (the point: no second round trip), the right value.
func TestSecondsMadeOncePerValue(t *testing.T) {
	a, b, c := Seconds(29), Seconds(29), Seconds(30)
	if a != b {
		t.Error("two objects for 29 s")
	}
	if a == c {
		t.Error("one object for 29 s and 30 s")
	}
	if got := *a.ToSeconds(nil); got != 29 {
		t.Errorf("Seconds(29) = %v s", got)
	}
}
