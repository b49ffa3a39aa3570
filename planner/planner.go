// Package planner reads CloudFront standard access logs and tells which
// routes of a monolith to move to Lambda first: request counts, peaks per
// second and minute, estimated Lambda concurrency per route, and (with
// package forecast) the AWS quotas the migration would cross.
//
// Analyze is the entry point: it reads the log files on every core
// (decompression pipelined with parsing, so even one large file uses two
// cores), maps paths to route templates (package routes) and aggregates
// per route (package stats) in memory that does not grow with the number
// of lines.
package planner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/planner/cflog"
	"github.com/strangler-fig/strangler/planner/routes"
	"github.com/strangler-fig/strangler/planner/stats"
)

// Options of an analysis.
type Options struct {
	// Workers reading and parsing; default runtime.GOMAXPROCS(0).
	Workers int
	// Templates from the route manifest take precedence over learned ones.
	Templates []manifest.Template
	// Routes tunes the learning of high-cardinality segments.
	Routes routes.Options
	// Progress, if not nil, is updated as files are read.
	Progress *Progress
	// MaxProblems kept with file and line (all are counted); default 200.
	MaxProblems int
}

// Progress counts what has been read, for a progress bar.
type Progress struct {
	StoredTotal int64        // bytes of all sources as stored
	StoredRead  atomic.Int64 // bytes read so far
	FilesTotal  int
	FilesDone   atomic.Int64
}

// RouteResult is one route template and its aggregate.
type RouteResult struct {
	Template     string
	FromManifest bool
	Stats        *stats.Route
}

// Result is everything read.
type Result struct {
	Routes []RouteResult // most requests first
	// Total aggregates every request of the distribution.
	Total *stats.Route
	// Files read, and how many of them could not be read to their end.
	Files, FilesDamaged int
	Lines               int64 // data and header lines read
	Records             int64 // valid requests
	Malformed           int64 // lines that were not valid requests
	UncompressedBytes   int64
	StoredBytes         int64
	// Problems are the first MaxProblems problems, file and line;
	// ProblemCount counts them all.
	Problems     []cflog.Problem
	ProblemCount int64
	// Hosts counts requests per Host header (x-host-header), most first.
	Hosts []HostCount
}

// HostCount is requests seen for one Host.
type HostCount struct {
	Host     string `json:"host"`
	Requests int64  `json:"requests"`
}

// ErrNothingRead is returned when no valid request could be read.
var ErrNothingRead = errors.New("no valid log line could be read")

type worker struct {
	tree      *routes.Tree[stats.Route]
	hosts     map[string]int64
	lastHost  []byte
	lastCount int64
	records   int64
	malformed int64
	problems  []cflog.Problem
	probCount int64
}

func newTree(o Options) *routes.Tree[stats.Route] {
	return routes.New(o.Routes, o.Templates,
		func() *stats.Route { return new(stats.Route) },
		func(dst, src *stats.Route) { dst.Merge(src) })
}

func (w *worker) flushHost() {
	if w.lastHost != nil {
		w.hosts[string(w.lastHost)] += w.lastCount
	}
}

// Analyze reads every source and aggregates the requests per route. It
// returns ErrNothingRead (with the Result, for its problems) when not one
// valid request was found; damaged files and malformed lines are counted
// and reported in the Result, and the rest is analysed.
func Analyze(ctx context.Context, sources []cflog.Source, o Options) (*Result, error) {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.MaxProblems <= 0 {
		o.MaxProblems = 200
	}
	res := &Result{Files: len(sources)}
	if o.Progress != nil {
		o.Progress.FilesTotal = len(sources)
		for _, s := range sources {
			o.Progress.StoredTotal += max(0, s.Size())
		}
	}
	var storedRead atomic.Int64
	if o.Progress != nil {
		// Share the caller's counter.
		defer func() { res.StoredBytes = o.Progress.StoredRead.Load() }()
	} else {
		defer func() { res.StoredBytes = storedRead.Load() }()
	}
	counter := &storedRead
	if o.Progress != nil {
		counter = &o.Progress.StoredRead
	}

	pool := cflog.NewBufferPool(4*o.Workers + 2)
	chunks := make(chan *cflog.Chunk, 2*o.Workers)
	files := make(chan cflog.Source)
	var mu sync.Mutex // guards res.Lines, FilesDamaged, UncompressedBytes and fatal problems
	var fatal []cflog.Problem

	// Readers: decompress and cut into chunks of whole lines.
	var readers sync.WaitGroup
	for range o.Workers {
		readers.Add(1)
		go func() {
			defer readers.Done()
			var skipped []cflog.Problem
			for src := range files {
				sum := cflog.Split(ctx, src, pool, counter, func(c *cflog.Chunk) { chunks <- c },
					func(p cflog.Problem) { skipped = append(skipped, p) })
				mu.Lock()
				res.Lines += sum.Lines
				res.UncompressedBytes += sum.UncompressedSize
				if sum.Problem != nil {
					res.FilesDamaged++
					fatal = append(fatal, *sum.Problem)
				}
				fatal = append(fatal, skipped...)
				skipped = skipped[:0]
				mu.Unlock()
				if o.Progress != nil {
					o.Progress.FilesDone.Add(1)
				}
			}
		}()
	}
	go func() {
		defer close(files)
		for _, s := range sources {
			select {
			case files <- s:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { readers.Wait(); close(chunks) }()

	// Parsers: one route tree each, merged at the end.
	workers := make([]*worker, o.Workers)
	var parsers sync.WaitGroup
	for i := range workers {
		w := &worker{tree: newTree(o), hosts: map[string]int64{}}
		workers[i] = w
		parsers.Add(1)
		go func() {
			defer parsers.Done()
			cp := cflog.NewChunkParser()
			onRecord := func(rec *cflog.Record) {
				w.tree.Lookup(rec.Path).Add(rec)
				if rec.Host != nil {
					if bytes.Equal(rec.Host, w.lastHost) {
						w.lastCount++
					} else {
						w.flushHost()
						w.lastHost = append(w.lastHost[:0:0], rec.Host...)
						w.lastCount = 1
					}
				}
			}
			onProblem := func(p cflog.Problem) {
				w.probCount++
				if len(w.problems) < o.MaxProblems {
					w.problems = append(w.problems, p)
				}
			}
			for c := range chunks {
				n, bad := cp.Parse(c, onRecord, onProblem)
				w.records += n
				w.malformed += bad
				c.Release()
			}
			w.flushHost()
		}()
	}
	parsers.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// Merge the workers' trees, then learn from the whole.
	tree := workers[0].tree
	hosts := map[string]int64{}
	for i, w := range workers {
		if i > 0 {
			tree.Merge(w.tree)
		}
		res.Records += w.records
		res.Malformed += w.malformed
		res.ProblemCount += w.probCount
		res.Problems = append(res.Problems, w.problems...)
		for h, n := range w.hosts {
			hosts[h] += n
		}
	}
	res.ProblemCount += int64(len(fatal))
	res.Problems = append(fatal, res.Problems...)
	slices.SortStableFunc(res.Problems, func(a, b cflog.Problem) int {
		if a.File != b.File {
			if a.File < b.File {
				return -1
			}
			return 1
		}
		return int(a.Line - b.Line)
	})
	if len(res.Problems) > o.MaxProblems {
		res.Problems = res.Problems[:o.MaxProblems]
	}
	tree.Learn()
	res.Total = new(stats.Route)
	for _, r := range tree.Routes() {
		res.Routes = append(res.Routes, RouteResult{Template: r.Template, FromManifest: r.FromManifest, Stats: r.Value})
		res.Total.Merge(r.Value)
	}
	for h, n := range hosts {
		res.Hosts = append(res.Hosts, HostCount{h, n})
	}
	SortRoutes(res.Routes)
	SortHosts(res.Hosts)
	if res.Records == 0 {
		return res, fmt.Errorf("%w from %d file(s) (%d problem(s))", ErrNothingRead, len(sources), res.ProblemCount)
	}
	return res, nil
}

// TemplatesOf parses the route templates of a manifest, for Options.Templates.
func TemplatesOf(m *manifest.Manifest) ([]manifest.Template, error) {
	var out []manifest.Template
	for _, r := range m.Routes {
		t, err := manifest.ParseTemplate(r.Path)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// RoutesOptions are the learning options with MaxLiterals set (0: default).
func RoutesOptions(maxLiterals int) routes.Options {
	return routes.Options{MaxLiterals: maxLiterals}
}
