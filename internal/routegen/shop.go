package routegen

import (
	"fmt"
	"strings"
)

// shopResources are the top-level resources of the shop-shaped API, with
// their cache mode: per-token for a caller's own data, public for the
// catalogue.
var shopResources = []struct{ name, cache string }{
	{"users", "per-token"}, {"orders", "per-token"}, {"products", "public"}, {"carts", "per-token"},
	{"payments", "per-token"}, {"shipments", "per-token"}, {"reviews", "public"}, {"categories", "public"},
	{"inventory", "per-token"}, {"invoices", "per-token"}, {"coupons", "per-token"}, {"stores", "public"},
}

var shopSubResources = []string{"orders", "items", "addresses", "notes", "events", "history", "attachments", "tags", "comments", "status", "refunds", "images"}

// Shop returns a manifest of about n routes shaped like a real shop API,
// the realistic case for CloudFront's behaviour quota:
//
//	/users                      GET, POST        per-token   api-users
//	/users/{userId}             GET, PUT, DELETE per-token   api-users (shares its collection's function)
//	/users/{userId}/orders      GET, POST        none        api-users-orders
//	/users/{userId}/orders/{ordersId} GET, PUT   none        api-users-orders
//	/users/{userId}/consents    GET              legacy      (stays on the monolith)
//	/search/{proxy+}            GET              none        api-search
//
// over 12 top-level resources (users, orders, products (public), ...),
// each sub-resource a collection and its item; one sub-resource in five is a
// monolith path kept under a migrated prefix, and one /search/{proxy+}.
// Resources take turns adding sub-resources until there are n routes.
//
// via, if not empty, is written on every monolith path (e.g. "api-gateway").
func Shop(n int, lambdasDir, via string) (yaml string, functions []string) {
	var b strings.Builder
	fmt.Fprintf(&b, "# about %d generated routes shaped like a shop API (internal/routegen.Shop)\nlegacy:\n  domainName: legacy-api.example.com\nauth: {default: delegate, delegate: {url: /session}}\nlambdasDir: %s\nroutes:\n", n, lambdasDir)
	seen := map[string]bool{}
	count := 0
	route := func(path, methods, function, cache, target string) {
		fmt.Fprintf(&b, "  - path: %s\n    methods: [%s]\n", path, methods)
		if target == "legacy" {
			b.WriteString("    target: legacy\n")
			if via != "" {
				fmt.Fprintf(&b, "    via: %s\n", via)
			}
		} else {
			fmt.Fprintf(&b, "    function: %s\n", function)
			if !seen[function] {
				seen[function] = true
				functions = append(functions, function)
			}
		}
		if cache != "none" && target != "legacy" {
			fmt.Fprintf(&b, "    cache: %s\n", cache)
			b.WriteString("    cacheQueryKeys: [page, size]\n") // what a list pages by; the rest cannot split the cache
			if cache == "public" && function != "" {
				b.WriteString("    auth: none\n") // a public catalogue, cached for everyone
			}
		}
		count++
	}
	route("/search/{proxy+}", "GET", "api-search", "none", "lambda")
	for _, r := range shopResources {
		if count >= n {
			break
		}
		id := "{" + strings.TrimSuffix(r.name, "s") + "Id}"
		route("/"+r.name, "GET, POST", "api-"+r.name, r.cache, "lambda")
		route("/"+r.name+"/"+id, "GET, PUT, DELETE", "api-"+r.name, r.cache, "lambda")
	}
	slot := 0
	for k := 0; count < n && k < len(shopSubResources); k++ {
		for i, r := range shopResources {
			if count >= n {
				break
			}
			id := "{" + strings.TrimSuffix(r.name, "s") + "Id}"
			sub := shopSubResources[(k+i)%len(shopSubResources)]
			base := "/" + r.name + "/" + id + "/" + sub
			if slot++; slot%5 == 0 {
				route(base, "GET", "", "none", "legacy") // the monolith keeps it
				continue
			}
			fn := "api-" + r.name + "-" + sub
			route(base, "GET, POST", fn, "none", "lambda")
			if count < n {
				route(base+"/{"+sub+"Id}", "GET, PUT", fn, "none", "lambda")
			}
		}
	}
	return b.String(), functions
}
