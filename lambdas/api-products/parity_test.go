package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/lambdas/httpadapter"
	"github.com/strangler-fig/strangler/lambdas/httpadapter/apigwtest"
	"github.com/strangler-fig/strangler/parity"
	"github.com/strangler-fig/strangler/planner/cflog"
	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
)

// monolithProducts stands in for the monolith this function replaces. It
// differs from the function where a real port might: it calls the name
// "title", sends stock as a string, sets Cache-Control, knows product 4,
// and lists products by id whatever order they were asked in. Like many
// monoliths it adds a request id and its own Date to every answer.
func monolithProducts() http.Handler {
	var clock atomic.Int64
	cat := append(defaultCatalogue(), product{ID: 4, Name: "Thingamajig", Price: 5, Stock: 1})
	entry := func(p product, fields map[string]bool) map[string]any {
		all := map[string]any{"id": p.ID, "title": p.Name, "price": p.Price, "stock": strconv.Itoa(p.Stock)}
		if fields == nil {
			return all
		}
		out := map[string]any{}
		for f := range fields {
			if f == "name" {
				f = "title"
			}
			out[f] = all[f]
		}
		return out
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		rand.Read(b[:])
		w.Header().Set("X-Request-Id", hex.EncodeToString(b[:]))
		w.Header().Set("Date", time.Unix(1741000000+clock.Add(1), 0).UTC().Format(http.TimeFormat))
		w.Header().Set("Content-Type", "application/json")
		reply := func(status int, v map[string]any) {
			v["requestId"] = hex.EncodeToString(b[:])
			w.WriteHeader(status)
			json.NewEncoder(w).Encode(v)
		}
		if id, ok := strings.CutPrefix(r.URL.Path, "/products/"); ok {
			n, _ := strconv.ParseInt(id, 10, 64)
			for _, p := range cat {
				if p.ID == n {
					w.Header().Set("Cache-Control", "public, max-age=300")
					reply(200, entry(p, nil))
					return
				}
			}
			reply(404, map[string]any{"message": "product not found"})
			return
		}
		// The raw query, split by hand: ';' inside fields, repeated ids.
		var ids []int64
		var fields map[string]bool
		for _, pair := range strings.Split(r.URL.RawQuery, "&") {
			k, v, _ := strings.Cut(pair, "=")
			switch k {
			case "id":
				n, _ := strconv.ParseInt(v, 10, 64)
				ids = append(ids, n)
			case "fields":
				fields = map[string]bool{}
				for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ',' }) {
					fields[f] = true
				}
			}
		}
		var list []map[string]any
		for _, p := range cat[:3] {
			if ids == nil || slices.Contains(ids, p.ID) {
				list = append(list, entry(p, fields))
			}
		}
		w.Header().Set("Cache-Control", "public, max-age=300")
		reply(200, map[string]any{"products": list})
	})
}

// The parity check against this function, run as in production: through
// httpadapter behind a model of CloudFront's query-string function and
// API Gateway's REST proxy, on loopback.
func TestParityWithTheMonolith(t *testing.T) {
	primary := httptest.NewServer(monolithProducts())
	defer primary.Close()
	a := httpadapter.New(newHandler(defaultCatalogue()), httpadapter.WithLogger(slog.New(slog.NewJSONHandler(io.Discard, nil))))
	api, err := apigwtest.New(a, "prod", "/products", "/products/{id}")
	if err != nil {
		t.Fatal(err)
	}
	var candidateURIs []string
	candidate := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		candidateURIs = append(candidateURIs, r.RequestURI)
		api.ServeHTTP(w, r)
	}))
	defer candidate.Close()

	t0 := time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)
	queries := [][2]string{
		{"/products/1", ""}, {"/products/2", ""}, {"/products/4", ""},
		{"/products", "id=2&id=1"}, {"/products", "fields=id;name;price&id=3&id=1"}, {"/products", ""},
	}
	var lines []cflogtest.Line
	for i, q := range queries {
		lines = append(lines, cflogtest.Line{Time: t0.Add(time.Duration(i) * time.Second), Path: q[0], Query: q[1], Seed: uint64(i)})
	}
	dir := t.TempDir()
	if err := cflogtest.WriteFile(filepath.Join(dir, "E2EXAMPLE.2025-03-03-10.abcd.gz"), lines); err != nil {
		t.Fatal(err)
	}
	srcs, err := cflog.LocalSources([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	sel, err := parity.NewSelector([]parity.Route{{Template: "/products"}, {Template: "/products/{id}"}}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := parity.Run(context.Background(), parity.Config{
		Sources: srcs, Selector: sel, Max: 100, Workers: 1,
		Primary:   parity.Target{Name: "primary", BaseURL: primary.URL},
		Candidate: parity.Target{Name: "candidate", BaseURL: candidate.URL},
		Headers:   append(slices.Clone(parity.DefaultHeaders), "Date", "X-Request-Id"),
	})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]int{}
	for _, rr := range rep.Routes {
		for _, k := range rr.Kinds {
			key := rr.Route + " " + string(k.Kind) + " " + k.Where
			if k.To != "" {
				key += " -> " + k.To
			}
			found[key] = k.Requests
		}
		for _, n := range rr.Noise {
			found[rr.Route+" noise "+n.Where] = n.Requests
		}
	}
	for _, want := range []string{
		"/products/{id} field-renamed /title -> /name",
		"/products/{id} number-vs-string /stock",
		"/products/{id} header-missing header:Cache-Control",
		"/products/{id} status status",
		"/products array-order /products",
		"/products header-missing header:Cache-Control",
		"/products number-vs-string /products/*/stock",
		"/products/{id} noise /requestId", "/products/{id} noise header:Date", "/products/{id} noise header:X-Request-Id",
		"/products noise /requestId", "/products noise header:Date",
	} {
		if found[want] == 0 {
			t.Errorf("not found: %s", want)
		}
	}
	var keys []string
	for k := range found {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.Contains(k, "requestId") && !strings.Contains(k, " noise ") || strings.Contains(k, "header:Date") && !strings.Contains(k, " noise ") {
			t.Errorf("noise reported as a difference: %s", k)
		}
	}
	// "fields=id;name;price" and both ids reached the function whole: it
	// answered with those fields of those products (name where the
	// monolith says title, in request order), not 400 or every field.
	for _, rr := range rep.Routes {
		for _, k := range rr.Kinds {
			if k.Example.Query == "fields=id;name;price&id=3&id=1" && k.Kind != parity.KindFieldRenamed && k.Kind != parity.KindHeaderMissing && k.Kind != parity.KindArrayOrder {
				t.Errorf("';' or repeated ids lost on the way: %+v", k)
			}
		}
	}
	sort.Strings(candidateURIs)
	want := []string{"/products", "/products/1", "/products/2", "/products/4", "/products?fields=id;name;price&id=3&id=1", "/products?id=2&id=1"}
	if !slices.Equal(candidateURIs, want) {
		t.Errorf("candidate received %q, want %q", candidateURIs, want)
	}
	if t.Failed() {
		t.Logf("found: %v", keys)
	}
}
