package memo

import (
	"sync"
	"testing"
)

// f runs once per argument however many ask, and each asks for its own.
func TestFuncRemembersPerArgument(t *testing.T) {
	calls := map[int]int{}
	var mu sync.Mutex
	double := Func(func(n int) *int {
		mu.Lock()
		calls[n]++
		mu.Unlock()
		v := 2 * n
		return &v
	})
	first := double(3)
	if *first != 6 || double(3) != first {
		t.Fatalf("double(3) = %d, and a second call gave another answer", *first)
	}
	if *double(4) != 8 {
		t.Fatal("double(4) answered for 3")
	}
	if calls[3] != 1 || calls[4] != 1 {
		t.Fatalf("calls %v, want one per argument", calls)
	}
	// Concurrent first calls all get the answer that was kept.
	var wg sync.WaitGroup
	got := make([]*int, 8)
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i] = double(5) }()
	}
	wg.Wait()
	for _, g := range got {
		if g != got[0] {
			t.Fatal("concurrent callers got different answers")
		}
	}
}
