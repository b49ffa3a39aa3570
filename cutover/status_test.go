package cutover_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/cutover"
	"github.com/strangler-fig/strangler/cutover/kvstest"
)

// 60 routes make 120 keys: three ListKeys pages of at most 50, all read.
func TestStatusReadsEveryPage(t *testing.T) {
	srv := kvstest.New(t)
	var routes []cutover.Route
	for i := range 60 {
		r := fmt.Sprintf("/svc%02d/{id}", i)
		routes = append(routes, cutover.Route{Template: r, Weight: 100})
		srv.Put("w:"+r, fmt.Sprint(i))
		srv.Put("n:"+r, fmt.Sprintf(`{"weight":%d,"by":"shift","reason":"r%d","at":"2025-03-03T10:00:00Z"}`, i, i))
	}
	st, err := storeOn(t, srv).Status(context.Background(), routes)
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.Count("ListKeys"); n != 3 {
		t.Errorf("%d ListKeys calls, want 3", n)
	}
	if len(st) != 60 {
		t.Fatalf("%d routes", len(st))
	}
	for i, s := range st {
		if s.Route != routes[i].Template || s.Weight != i || s.Source != cutover.FromStore || s.Note == nil || s.Note.Reason != fmt.Sprintf("r%d", i) || s.Problem != "" {
			t.Errorf("route %d: %+v", i, s)
		}
	}
}

// A manifest route without a key takes the manifest's weight; a bad
// value is reported and ignored; keys of routes the manifest no longer
// has are listed after the manifest's, flagged.
func TestStatusSources(t *testing.T) {
	srv := kvstest.New(t)
	srv.PageSize(2)
	srv.Put("w:/user/{id}", "10")
	srv.Put("w:/products", "ten")
	srv.Put("n:/products", "not json")
	srv.Put("w:/old", "0")
	srv.Put("n:/gone", `{"weight":0,"by":"fallback","reason":"x","alarm":"a","at":"2025-03-03T10:00:00Z"}`)
	srv.Put("other-key", "ignored")
	st, err := storeOn(t, srv).Status(context.Background(), []cutover.Route{
		{Template: "/user/{id}", Weight: 100}, {Template: "/products", Weight: 100}, {Template: "/orders", Weight: 30},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]cutover.RouteStatus{}
	var order []string
	for _, s := range st {
		got[s.Route] = s
		order = append(order, s.Route)
	}
	if strings.Join(order, " ") != "/user/{id} /products /orders /gone /old" {
		t.Errorf("order %v", order)
	}
	if s := got["/user/{id}"]; s.Weight != 10 || s.Source != cutover.FromStore || s.Note != nil {
		t.Errorf("/user/{id}: %+v", s)
	}
	if s := got["/products"]; s.Weight != 100 || s.Source != cutover.FromManifest || !strings.Contains(s.Problem, `"ten"`) || !strings.Contains(s.Problem, "n:/products") {
		t.Errorf("/products: %+v", s)
	}
	if s := got["/orders"]; s.Weight != 30 || s.Source != cutover.FromManifest || s.Problem != "" {
		t.Errorf("/orders: %+v", s)
	}
	if s := got["/old"]; s.InManifest || s.Weight != 0 || s.Source != cutover.FromStore {
		t.Errorf("/old: %+v", s)
	}
	if s := got["/gone"]; s.InManifest || s.Note == nil || s.Note.Alarm != "a" {
		t.Errorf("/gone: %+v", s)
	}
	if n := srv.Count("ListKeys"); n != 3 {
		t.Errorf("%d ListKeys calls for 6 keys in pages of 2, want 3", n)
	}
}
