package parity

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/lambdas/httpadapter"
	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
)

func randomID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

type item struct {
	ID    int     `json:"id"`
	Name  string  `json:"name"`
	Price float64 `json:"price"`
}

// idsOf reads the repeated "id" keys of a raw query by hand: the monolith
// stand-in, like many monoliths, does not use url.ParseQuery (which drops
// pairs with ';').
func idsOf(raw string) []int {
	var ids []int
	for _, pair := range strings.Split(raw, "&") {
		if v, ok := strings.CutPrefix(pair, "id="); ok {
			n, _ := strconv.Atoi(v)
			ids = append(ids, n)
		}
	}
	return ids
}

// monolith is the primary: every answer carries a random request id in
// its body and X-Request-Id, and a Date a second later than the last.
func monolith() http.Handler {
	var clock atomic.Int64
	mux := http.NewServeMux()
	noisy := func(w http.ResponseWriter) {
		w.Header().Set("X-Request-Id", randomID())
		w.Header().Set("Date", t0.Add(time.Duration(clock.Add(1))*time.Second).Format(http.TimeFormat))
	}
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		noisy(w)
		id, _ := strconv.Atoi(r.PathValue("id"))
		if id == 404 {
			writeJSON(w, 404, map[string]any{"message": "not found", "requestId": randomID()})
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=60")
		writeJSON(w, 200, map[string]any{"id": id, "name": "Widget " + strconv.Itoa(id), "price": 9.99, "tags": []string{"a", "b"}, "requestId": randomID()})
	})
	mux.HandleFunc("GET /items", func(w http.ResponseWriter, r *http.Request) {
		noisy(w)
		items := []item{}
		for _, id := range idsOf(r.URL.RawQuery) { // in request order
			items = append(items, item{id, "Widget " + strconv.Itoa(id), 9.99})
		}
		writeJSON(w, 200, map[string]any{"items": items, "requestId": randomID()})
	})
	return mux
}

// migrated is the candidate's handler, run through httpadapter, with the
// seeded differences: "name" renamed "title", the price as a string, no
// Cache-Control, 200 for the id the monolith answers 404, and lists
// sorted by id instead of in request order. Its request id is random too.
func migrated() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.Atoi(httpadapter.PathParam(r, "id"))
		writeJSON(w, 200, map[string]any{"id": id, "title": "Widget " + strconv.Itoa(id), "price": "9.99", "tags": []string{"a", "b"}, "requestId": randomID()})
	})
	mux.HandleFunc("GET /items", func(w http.ResponseWriter, r *http.Request) {
		items := []item{}
		for _, v := range r.URL.Query()["id"] {
			id, _ := strconv.Atoi(v)
			items = append(items, item{id, "Widget " + v, 9.99})
		}
		sort.SliceStable(items, func(i, j int) bool { return items[i].ID < items[j].ID })
		writeJSON(w, 200, map[string]any{"items": items, "requestId": randomID()})
	})
	return mux
}

func TestSeededDifferencesFoundAndNoiseDropped(t *testing.T) {
	var primaryGot, candidateGot recorder
	primary := server(t, primaryGot.wrap(monolith()))
	candidate := candidateServer(t, migrated(), &candidateGot, "/items", "/items/{id}")
	srcs := logFile(t,
		get(1, "/items/1", ""),
		get(2, "/items/2", ""),
		get(3, "/items/404", ""),
		get(4, "/items", "id=2&id=1"),
		get(5, "/items", "id=1&id=2"),
		get(6, "/items", "fields=name;price&id=3&id=3"),
		get(7, "/other/1", ""),
		get(8, "/items/5", "x=%2520y;z"),
	)
	rep, err := Run(context.Background(), Config{
		Sources: srcs, Selector: mustSelector(t, "/items", "/items/{id}"),
		Primary:   Target{Name: "primary", BaseURL: primary.URL},
		Candidate: Target{Name: "candidate", BaseURL: candidate.URL + "/"},
		Max:       100, Workers: 2,
		Headers: append(slices.Clone(DefaultHeaders), "Date", "X-Request-Id"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.ProblemCount != 0 || rep.Logs.Lines != 8 || rep.Logs.Selected != 7 || rep.Replayed != 7 || rep.Errors != 0 {
		t.Fatalf("report: %+v", rep)
	}

	one := route(t, rep, "/items/{id}")
	kinds := kindsOf(one)
	for want, n := range map[string]int{
		"field-renamed /name -> /title":       3,
		"number-vs-string /price":             3,
		"header-missing header:Cache-Control": 3,
		"status status":                       1,
	} {
		if kinds[want] != n {
			t.Errorf("/items/{id}: %q in %d request(s), want %d; all: %v", want, kinds[want], n, kinds)
		}
	}
	if one.Compared != 4 || one.Equal != 0 || one.Parity != 0 {
		t.Errorf("/items/{id}: compared %d equal %d parity %v", one.Compared, one.Equal, one.Parity)
	}
	for _, k := range one.Kinds {
		if k.Kind == KindStatus {
			e := k.Example
			if e.Path != "/items/404" || !strings.HasPrefix(e.Primary, `404 {"message":"not found"`) || !strings.HasPrefix(e.Candidate, `200 {"id":404`) || e.PrimaryStatus != 404 || !strings.HasSuffix(e.Source, ".gz:5") {
				t.Errorf("status example %+v", e)
			}
		}
		if k.Kind == KindNumberAsString && (k.Example.Primary != "9.99" || k.Example.Candidate != `"9.99"`) {
			t.Errorf("number example %+v", k.Example)
		}
	}

	list := route(t, rep, "/items")
	if got := kindsOf(list); len(got) != 1 || got["array-order /items"] != 1 {
		t.Errorf("/items kinds %v", got)
	}
	if list.Compared != 3 || list.Equal != 2 {
		t.Errorf("/items: compared %d equal %d", list.Compared, list.Equal)
	}

	// The request id in the body and both noisy headers are dropped, and
	// said to be.
	for _, rr := range []RouteReport{one, list} {
		noise := map[string]bool{}
		for _, n := range rr.Noise {
			noise[n.Where] = true
		}
		for _, w := range []string{"/requestId", "header:Date", "header:X-Request-Id"} {
			if !noise[w] {
				t.Errorf("%s: %s not learned as noise: %+v", rr.Route, w, rr.Noise)
			}
		}
		for _, k := range rr.Kinds {
			if k.Where == "/requestId" || strings.HasPrefix(k.Where, "header:Date") || k.Where == "header:X-Request-Id" {
				t.Errorf("%s: noise reported as a difference: %+v", rr.Route, k)
			}
		}
	}
	if rep.Compared != 7 || rep.Equal != 2 {
		t.Errorf("totals compared %d equal %d", rep.Compared, rep.Equal)
	}

	// Byte for byte: ';' and repeated keys as logged; CloudFront's %25
	// escape of '%' undone.
	want := []string{"/items/1", "/items/2", "/items/404", "/items?id=2&id=1", "/items?id=1&id=2",
		"/items?fields=name;price&id=3&id=3", "/items/5?x=%20y;z"}
	sort.Strings(want)
	c := candidateGot.got()
	sort.Strings(c)
	if !slices.Equal(c, want) {
		t.Errorf("candidate received\n%q\nwant\n%q", c, want)
	}
	var twice []string
	for _, w := range want {
		twice = append(twice, w, w)
	}
	p := primaryGot.got()
	sort.Strings(p)
	if !slices.Equal(p, twice) {
		t.Errorf("primary received\n%q\nwant each twice:\n%q", p, want)
	}
}

func TestRateBoundHolds(t *testing.T) {
	var calls atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeJSON(w, 200, map[string]int{"ok": 1})
	})
	primary, candidate := server(t, h), server(t, h)
	var lines []cflogtest.Line
	for i := range 11 {
		lines = append(lines, get(i, "/ping/"+strconv.Itoa(i), ""))
	}
	const perSecond = 20
	start := time.Now()
	rep, err := Run(context.Background(), Config{
		Sources: logFile(t, lines...), Selector: mustSelector(t, "/ping/{n}"),
		Primary: Target{Name: "primary", BaseURL: primary.URL}, Candidate: Target{Name: "candidate", BaseURL: candidate.URL},
		Rate: perSecond, Max: 100, Workers: 8,
	})
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	// 11 requests at 20/s with a burst of 1: at least 10 gaps of 50 ms.
	if min := 10 * time.Second / perSecond; elapsed < min {
		t.Errorf("11 requests took %v, less than %v: the rate bound did not hold", elapsed, min)
	}
	if rep.Replayed != 11 || calls.Load() != 33 || rep.Equal != 11 {
		t.Errorf("replayed %d, calls %d, equal %d", rep.Replayed, calls.Load(), rep.Equal)
	}
}

func TestCountBoundStopsReading(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("same")) })
	primary, candidate := server(t, h), server(t, h)
	var lines []cflogtest.Line
	for i := range 50 {
		lines = append(lines, get(i, "/a/"+strconv.Itoa(i), ""), get(i, "/b/"+strconv.Itoa(i), ""))
	}
	rep, err := Run(context.Background(), Config{
		Sources: logFile(t, lines...), Selector: mustSelector(t, "/a/{n}", "/b/{n}"),
		Primary: Target{Name: "primary", BaseURL: primary.URL}, Candidate: Target{Name: "candidate", BaseURL: candidate.URL},
		Max: 30, MaxPerRoute: 10,
	})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := route(t, rep, "/a/{n}"), route(t, rep, "/b/{n}"); a.Replayed != 10 || b.Replayed != 10 {
		t.Errorf("per route: %d and %d, want 10 each", a.Replayed, b.Replayed)
	}
	if rep.Logs.Lines >= 100 {
		t.Errorf("read %d lines: reading went on after every route was full", rep.Logs.Lines)
	}
	rep, err = Run(context.Background(), Config{
		Sources: logFile(t, lines...), Selector: mustSelector(t, "/a/{n}", "/b/{n}"),
		Primary: Target{Name: "primary", BaseURL: primary.URL}, Candidate: Target{Name: "candidate", BaseURL: candidate.URL},
		Max: 7,
	})
	if err != nil || rep.Replayed != 7 {
		t.Errorf("max 7: replayed %d, %v", rep.Replayed, err)
	}
}

func TestCorruptLineReportedAndSkipped(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, []int{1}) })
	primary, candidate := server(t, h), server(t, h)
	dir := t.TempDir()
	good := cflogtest.Append(nil, get(1, "/a/1", ""))
	data := cflogtest.Header + string(good) + "2025-03-03\tgarbage line\n" + string(cflogtest.Append(nil, get(2, "/a/2", "")))
	path := dir + "/E2EXAMPLE.2025-03-03-10.abcd"
	if err := writeFile(path, data); err != nil {
		t.Fatal(err)
	}
	srcs := logFileAt(t, path)
	rep, err := Run(context.Background(), Config{
		Sources: srcs, Selector: mustSelector(t, "/a/{n}"),
		Primary: Target{Name: "primary", BaseURL: primary.URL}, Candidate: Target{Name: "candidate", BaseURL: candidate.URL},
		Max: 10,
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.ProblemCount != 1 || rep.Problems[0].Line != 4 || !strings.Contains(rep.Problems[0].Reason, "too few") || rep.Logs.Malformed != 1 {
		t.Errorf("problems %d %+v, malformed %d", rep.ProblemCount, rep.Problems, rep.Logs.Malformed)
	}
	if rep.Replayed != 2 || rep.Equal != 2 {
		t.Errorf("replayed %d equal %d: the lines around the bad one were not all replayed", rep.Replayed, rep.Equal)
	}
}

func TestUnreachableSideIsAnErrorNotADifference(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("x")) })
	primary := server(t, h)
	gone := server(t, h)
	gone.Close()
	rep, err := Run(context.Background(), Config{
		Sources: logFile(t, get(1, "/a/1", "q=1")), Selector: mustSelector(t, "/a/{n}"),
		Primary: Target{Name: "primary", BaseURL: primary.URL}, Candidate: Target{Name: "candidate", BaseURL: gone.URL},
		Max: 10, Timeout: 2 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	rr := route(t, rep, "/a/{n}")
	if rr.Errors != 1 || rr.Compared != 0 || rr.FirstError == nil || !strings.Contains(rr.FirstError.Error, "candidate") || rr.FirstError.Target != "/a/1?q=1" {
		t.Errorf("route %+v, first error %+v", rr, rr.FirstError)
	}
	if len(rep.Below(100)) != 0 {
		t.Error("a route with nothing compared was judged")
	}
}
