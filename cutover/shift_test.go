package cutover_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/cutover"
	"github.com/strangler-fig/strangler/cutover/kvstest"
)

var now = time.Date(2025, 3, 3, 10, 4, 5, 0, time.UTC)

func shiftTo(route string, percent int) cutover.Change {
	return cutover.Change{Route: route, Percent: percent, By: cutover.ByShift, Reason: "step"}
}

// One UpdateKeys carries both keys, guarded by the ETag just read.
func TestShiftWritesWeightAndNoteInOneGuardedCall(t *testing.T) {
	srv := kvstest.New(t)
	s := storeOn(t, srv)
	s.Now = func() time.Time { return now }
	etag := srv.ETag()
	res, err := s.Shift(context.Background(), cutover.Change{Route: "/user/{id}", Percent: 10, By: cutover.ByShift, Reason: "first 10%"})
	if err != nil {
		t.Fatal(err)
	}
	if w, _ := srv.Get("w:/user/{id}"); w != "10" {
		t.Errorf("w: = %q, want 10", w)
	}
	n, _ := srv.Get("n:/user/{id}")
	if want := `{"weight":10,"by":"shift","reason":"first 10%","at":"2025-03-03T10:04:05Z"}`; n != want {
		t.Errorf("n: = %s\nwant %s", n, want)
	}
	var updates []kvstest.Request
	for _, r := range srv.Requests() {
		if r.Op == "UpdateKeys" {
			updates = append(updates, r)
		}
	}
	if len(updates) != 1 || updates[0].IfMatch != etag {
		t.Errorf("UpdateKeys calls %+v, want one with If-Match %s", updates, etag)
	}
	if res.ETag != srv.ETag() || res.Attempts != 1 || len(res.Written()) != 1 || res.Routes[0].Previous != "" {
		t.Errorf("result %+v", res)
	}
}

// Another writer got in between: the write is refused, Shift reads the
// new ETag and succeeds on the next attempt. Both forms of the refusal.
func TestShiftRetriesAfterAConflict(t *testing.T) {
	for _, status := range []int{http.StatusPreconditionFailed, http.StatusConflict} {
		srv := kvstest.New(t)
		srv.AnswerMismatchWith(status)
		srv.Put("w:/user/{id}", "10")
		s := storeOn(t, srv)
		srv.Interfere(1)
		res, err := s.Shift(context.Background(), shiftTo("/user/{id}", 50))
		if err != nil {
			t.Fatalf("%d: %v", status, err)
		}
		if w, _ := srv.Get("w:/user/{id}"); w != "50" || res.Attempts != 2 || res.Routes[0].Previous != "10" {
			t.Errorf("%d: w: = %q, result %+v", status, w, res)
		}
		var statuses []int
		for _, r := range srv.Requests() {
			if r.Op == "UpdateKeys" {
				statuses = append(statuses, r.Status)
			}
		}
		if len(statuses) != 2 || statuses[0] != status || statuses[1] != 200 || srv.Count("DescribeKeyValueStore") != 2 {
			t.Errorf("%d: UpdateKeys answered %v after %d ETag reads", status, statuses, srv.Count("DescribeKeyValueStore"))
		}
	}
}

func TestShiftGivesUpWhenTheStoreKeepsChanging(t *testing.T) {
	srv := kvstest.New(t)
	s := storeOn(t, srv)
	srv.Interfere(100)
	_, err := s.Shift(context.Background(), shiftTo("/user/{id}", 50))
	var ce *cutover.ConflictError
	if !errors.Is(err, cutover.ErrStoreChanged) || !errors.As(err, &ce) || ce.Attempts != cutover.DefaultAttempts {
		t.Fatalf("err = %v, want a ConflictError after %d attempts", err, cutover.DefaultAttempts)
	}
	for _, want := range []string{srv.ARN, "another writer", "cutover status", "nothing was written"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if srv.Len() != 0 || srv.Count("UpdateKeys") != cutover.DefaultAttempts {
		t.Errorf("%d keys stored after %d UpdateKeys", srv.Len(), srv.Count("UpdateKeys"))
	}
}

// The wait between attempts ends with the context.
func TestShiftStopsWaitingWhenTheContextEnds(t *testing.T) {
	srv := kvstest.New(t)
	s := storeOn(t, srv)
	s.Backoff = nil // the default: at least 50 ms
	srv.Interfere(100)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Shift(ctx, shiftTo("/user/{id}", 50))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestShiftRefusesBadChangesBeforeAnyCall(t *testing.T) {
	srv := kvstest.New(t)
	s := storeOn(t, srv)
	for _, c := range []struct {
		change cutover.Change
		want   string
	}{
		{shiftTo("/user/{id}", 101), "out of range"},
		{shiftTo("/user/{id}", -1), "out of range"},
		{shiftTo("user", 1), "starting with /"},
		{cutover.Change{Route: "/a", Percent: 1, By: "cron"}, `"cron"`},
	} {
		if _, err := s.Shift(context.Background(), c.change); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err = %v, want %q", c.change, err, c.want)
		}
	}
	if _, err := s.Shift(context.Background(), shiftTo("/a", 1), shiftTo("/a", 2)); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("same route twice: %v", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d calls made for invalid changes", n)
	}
}

// SkipIfAlready: a route already at the weight is not written again;
// the others in the same shift are, in one call.
func TestShiftSkipsRoutesAlreadyThere(t *testing.T) {
	srv := kvstest.New(t)
	srv.Put("w:/user/{id}", "0")
	srv.Put("n:/user/{id}", `{"weight":0,"by":"fallback","reason":"first","at":"2025-03-03T10:00:00Z"}`)
	srv.Put("w:/products", "30")
	s := storeOn(t, srv)
	fallback := func(route string) cutover.Change {
		return cutover.Change{Route: route, Percent: 0, By: cutover.ByFallback, Reason: "again", Alarm: "a", SkipIfAlready: true}
	}
	res, err := s.Shift(context.Background(), fallback("/user/{id}"), fallback("/products"), fallback("/orders"))
	if err != nil {
		t.Fatal(err)
	}
	written := map[string]string{}
	for _, w := range res.Written() {
		written[w.Route] = w.Previous
	}
	if len(written) != 2 || written["/products"] != "30" || written["/orders"] != "" {
		t.Errorf("written %v, want /products (was 30) and /orders (absent)", written)
	}
	if n, _ := srv.Get("n:/user/{id}"); !strings.Contains(n, `"first"`) {
		t.Errorf("the note of a route already at 0 was rewritten: %s", n)
	}
	if srv.Count("UpdateKeys") != 1 {
		t.Errorf("%d UpdateKeys calls, want 1", srv.Count("UpdateKeys"))
	}

	// Everything already there: no write at all.
	res, err = s.Shift(context.Background(), fallback("/user/{id}"), fallback("/products"))
	if err != nil || len(res.Written()) != 0 || srv.Count("UpdateKeys") != 1 {
		t.Errorf("second shift wrote %v (%v); UpdateKeys calls %d", res.Written(), err, srv.Count("UpdateKeys"))
	}
}
