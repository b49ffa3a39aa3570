package stats

import (
	"fmt"
	"reflect"
	"testing"
)

func TestQueryKeysCountsNamesOncePerRequest(t *testing.T) {
	var q QueryKeys
	for _, s := range []string{"page=2&size=10", "page=3&page=4", "fields=a%3Bb&sort", "", "&=x&", "caf%C3%A9=1", "a+b=1"} {
		q.Add([]byte(s))
	}
	want := map[string]int64{"page": 2, "size": 1, "fields": 1, "sort": 1, "café": 1, "a b": 1}
	if !reflect.DeepEqual(q.Seen, want) || q.Other != 0 {
		t.Errorf("Seen = %v, Other = %d; want %v", q.Seen, q.Other, want)
	}
	if got := q.Top(2); !reflect.DeepEqual(got, []string{"page", "a b"}) {
		t.Errorf("Top(2) = %q, want page first, then the first name of those seen once", got)
	}
}

// TestQueryKeysBounded: made-up names (a scanner, ids in names) cost at
// most MaxQueryKeys entries, in Add and in Merge; the rest are counted.
func TestQueryKeysBounded(t *testing.T) {
	var a, b QueryKeys
	for i := range 100 {
		a.Add(fmt.Appendf(nil, "page=1&x%d=1", i))
		b.Add(fmt.Appendf(nil, "y%d=1", i))
	}
	if len(a.Seen) != MaxQueryKeys || a.Seen["page"] != 100 || a.Other != 100-(MaxQueryKeys-1) {
		t.Errorf("after 100 made-up names: %d kept, page %d, Other %d", len(a.Seen), a.Seen["page"], a.Other)
	}
	other := a.Other
	a.Merge(&b)
	if len(a.Seen) != MaxQueryKeys || a.Other != other+100 {
		t.Errorf("after Merge: %d kept, Other %d; want %d kept, Other %d", len(a.Seen), a.Other, MaxQueryKeys, other+100)
	}
	var c QueryKeys
	c.Merge(&a)
	if !reflect.DeepEqual(c.Seen, a.Seen) || c.Other != a.Other {
		t.Error("Merge into an empty set is not a copy")
	}
}

// Counted tells "no query strings" from "not read" (an aggregate from
// Athena), so the draft never claims the first for the second.
func TestQueryKeysCounted(t *testing.T) {
	var athena, local QueryKeys
	athena.Merge(&QueryKeys{})
	local.Add(nil)
	if athena.Counted || !local.Counted {
		t.Errorf("Counted: aggregate %v, read %v", athena.Counted, local.Counted)
	}
	athena.Merge(&local)
	if !athena.Counted {
		t.Error("Merge lost Counted")
	}
}
