package stats

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
)

// MaxQueryKeys bounds the distinct query string names kept per route: a
// route whose clients put ids or timestamps in key names (or a scanner
// making them up) costs at most this many entries, and the rest are
// counted together in QueryKeys.Other.
const MaxQueryKeys = 32

// QueryKeys counts, per query string name, the requests that carried it:
// what a cached route's cache key may need (manifest cacheQueryKeys).
type QueryKeys struct {
	// Seen maps a name to the requests it was in (once per request).
	Seen map[string]int64
	// Other counts requests with a name beyond MaxQueryKeys distinct ones.
	Other int64
	// Counted: the requests' query strings were read (Add), which an
	// aggregate made elsewhere (Athena) does not do.
	Counted bool
}

// Add counts the names of one request's query string as CloudFront logs
// it (cs-uri-query, URL-encoded, without "?").
func (q *QueryKeys) Add(query []byte) {
	q.Counted = true
	if len(query) == 0 {
		return
	}
	var names []string
	other := false
	for pair := range bytes.SplitSeq(query, []byte("&")) {
		name, _, _ := bytes.Cut(pair, []byte("="))
		if len(name) == 0 {
			continue
		}
		n := string(name)
		if bytes.ContainsAny(name, "%+") {
			if u, err := url.QueryUnescape(n); err == nil {
				n = u
			}
		}
		if slices.Contains(names, n) {
			continue
		}
		names = append(names, n)
		if _, ok := q.Seen[n]; !ok && len(q.Seen) >= MaxQueryKeys {
			other = true
			continue
		}
		if q.Seen == nil {
			q.Seen = map[string]int64{}
		}
		q.Seen[n]++
	}
	if other {
		q.Other++
	}
}

// Merge adds o into q, keeping the bound.
func (q *QueryKeys) Merge(o *QueryKeys) {
	for _, n := range slices.Sorted(func(yield func(string) bool) {
		for k := range o.Seen {
			if !yield(k) {
				return
			}
		}
	}) {
		if _, ok := q.Seen[n]; !ok && len(q.Seen) >= MaxQueryKeys {
			q.Other += o.Seen[n]
			continue
		}
		if q.Seen == nil {
			q.Seen = map[string]int64{}
		}
		q.Seen[n] += o.Seen[n]
	}
	q.Other += o.Other
	q.Counted = q.Counted || o.Counted
}

// Top are the names seen, most frequent first (then by name), at most n.
func (q *QueryKeys) Top(n int) []string {
	names := make([]string, 0, len(q.Seen))
	for k := range q.Seen {
		names = append(names, k)
	}
	slices.SortFunc(names, func(a, b string) int {
		if q.Seen[a] != q.Seen[b] {
			if q.Seen[a] > q.Seen[b] {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return names[:min(n, len(names))]
}
