package parity

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/strangler-fig/strangler/planner/cflog"
)

// LogStats counts what reading the logs found.
type LogStats struct {
	Files     int   `json:"files"`
	Lines     int64 `json:"lines"`     // request lines read (valid ones)
	Selected  int64 `json:"selected"`  // lines of a chosen route and method
	Malformed int64 `json:"malformed"` // lines skipped as unreadable
}

// errEnough stops reading once the caller has what it needs.
var errEnough = errors.New("enough requests")

// ReadRequests reads the log sources one after another, in name order
// (CloudFront names files by hour, so this is time order), and calls fn
// with every request of a selected route until fn returns false. Malformed
// lines and unreadable files go to problem and are skipped. Memory stays at
// two chunk buffers whatever the size of the logs.
func ReadRequests(ctx context.Context, sources []cflog.Source, sel *Selector, keepLogEscapes bool,
	fn func(Request) bool, problem func(cflog.Problem)) (LogStats, error) {
	srcs := append([]cflog.Source(nil), sources...)
	sort.SliceStable(srcs, func(i, j int) bool { return srcs[i].Name() < srcs[j].Name() })
	var st LogStats
	pool := cflog.NewBufferPool(2)
	parser := cflog.NewChunkParser()
	unescape := UnescapeLog
	if keepLogEscapes {
		unescape = func(b []byte) string { return string(b) }
	}
	for _, src := range srcs {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		st.Files++
		fileCtx, cancel := context.WithCancelCause(ctx)
		stop := false
		sum := cflog.Split(fileCtx, src, pool, nil, func(ch *cflog.Chunk) {
			defer ch.Release()
			if stop {
				return
			}
			_, bad := parser.Parse(ch, func(r *cflog.Record) {
				if stop {
					return
				}
				st.Lines++
				path := unescape(r.Path)
				route, ok := sel.Match(string(r.Method), path)
				if !ok {
					return
				}
				q := unescape(r.Query)
				if hasControl(path) || hasControl(q) {
					problem(cflog.Problem{File: ch.File, Line: r.Line, Reason: "path or query has a space or control byte that cannot be sent as it is; skipped"})
					return
				}
				st.Selected++
				req := Request{Route: route, Method: string(r.Method), Path: path, Query: q,
					Source: fmt.Sprintf("%s:%d", ch.File, r.Line)}
				if !fn(req) {
					stop = true
					cancel(errEnough)
				}
			}, problem)
			st.Malformed += bad
		}, problem)
		cancel(nil)
		if sum.Problem != nil && !stop && ctx.Err() == nil {
			problem(*sum.Problem)
		}
		if stop {
			return st, nil
		}
	}
	return st, ctx.Err()
}
