package main

import "github.com/strangler-fig/strangler/planner"

func progressForTest(read, total int64) *planner.Progress {
	p := &planner.Progress{StoredTotal: total, FilesTotal: 4}
	p.StoredRead.Store(read)
	p.FilesDone.Store(1)
	return p
}
