package constructs

import (
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"time"
)

// The build cache gains a folder per function each time its code changes
// (6-10 MB each): months of synths would fill a disk. Folders unused for
// buildCacheMaxAge are removed, at most once a day per cache.
//
// A folder in use is safe: every synth that uses a folder marks it used
// (its modification time, refreshed once a day), so only a folder no synth
// asked for in a month goes, and a later synth needing it again simply
// builds it again.
const (
	buildCacheMaxAge     = 30 * 24 * time.Hour
	buildCachePruneEvery = 24 * time.Hour
	buildCacheUsedEvery  = 24 * time.Hour
	// A .build- folder of a synth that was killed mid-build.
	buildTempMaxAge = 24 * time.Hour
)

// builtFolder matches the folders Build makes: <entry>-<arch>-<hash>.
var builtFolder = regexp.MustCompile(`-(arm64|amd64)-[0-9a-f]{24}$`)

// markUsed records that a synth used dir now.
func markUsed(dir string, now time.Time) {
	if st, err := os.Stat(dir); err == nil && now.Sub(st.ModTime()) > buildCacheUsedEvery {
		os.Chtimes(dir, now, now)
	}
}

var pruneOnce sync.Once

// pruneBuildCacheOnce prunes the default cache once per process.
func pruneBuildCacheOnce(parent string) {
	pruneOnce.Do(func() { pruneBuildCache(parent, time.Now()) })
}

// pruneBuildCache removes what no synth used for buildCacheMaxAge (build
// folders, the index entries of removed folders) and abandoned temporary
// build folders, unless it already ran within buildCachePruneEvery.
func pruneBuildCache(parent string, now time.Time) {
	marker := filepath.Join(parent, ".pruned")
	if st, err := os.Stat(marker); err == nil && now.Sub(st.ModTime()) < buildCachePruneEvery {
		return
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	if f, err := os.Create(marker); err == nil {
		f.Close()
		os.Chtimes(marker, now, now)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		age := now.Sub(info.ModTime())
		name := e.Name()
		switch {
		case builtFolder.MatchString(name) && age > buildCacheMaxAge,
			len(name) > 7 && name[:7] == ".build-" && age > buildTempMaxAge:
			os.RemoveAll(filepath.Join(parent, name))
		}
	}
	// An index entry pointing at a removed folder is a miss anyway: drop it.
	index := filepath.Join(parent, "index")
	keys, _ := os.ReadDir(index)
	for _, k := range keys {
		name, err := os.ReadFile(filepath.Join(index, k.Name()))
		if err != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(parent, filepath.Base(string(name)))); os.IsNotExist(err) {
			os.Remove(filepath.Join(index, k.Name()))
		}
	}
}
