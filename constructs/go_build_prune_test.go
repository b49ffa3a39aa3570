package constructs

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Folders no synth used for a month go, with their index entries and
// abandoned temporary builds; recent ones and other files stay; a second
// prune within a day does nothing.
func TestPruneBuildCacheRemovesOnlyWhatNoSynthUsed(t *testing.T) {
	parent := t.TempDir()
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	mk := func(name string, age time.Duration) string {
		dir := filepath.Join(parent, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "bootstrap"), []byte("x"), 0o755)
		os.Chtimes(dir, now.Add(-age), now.Add(-age))
		return dir
	}
	index := func(key, folder string) {
		os.MkdirAll(filepath.Join(parent, "index"), 0o755)
		os.WriteFile(filepath.Join(parent, "index", key), []byte(folder), 0o644)
	}
	old := mk("api-users-arm64-0123456789abcdef01234567", 40*24*time.Hour)
	recent := mk("api-users-arm64-89abcdef0123456789abcdef", 2*24*time.Hour)
	oldAmd := mk("quota-watch-amd64-aaaaaaaaaaaaaaaaaaaaaaaa", 31*24*time.Hour)
	abandoned := mk(".build-123", 2*24*time.Hour)
	building := mk(".build-456", time.Hour)
	other := mk("go-answers", 400*24*time.Hour) // not a build folder: never pruned here
	index("k-old", filepath.Base(old))
	index("k-recent", filepath.Base(recent))

	pruneBuildCache(parent, now)

	for dir, want := range map[string]bool{old: false, recent: true, oldAmd: false, abandoned: false, building: true, other: true} {
		if _, err := os.Stat(dir); (err == nil) != want {
			t.Errorf("%s exists = %v, want %v", filepath.Base(dir), err == nil, want)
		}
	}
	if _, err := os.Stat(filepath.Join(parent, "index", "k-old")); err == nil {
		t.Error("index entry of a removed folder kept")
	}
	if _, err := os.Stat(filepath.Join(parent, "index", "k-recent")); err != nil {
		t.Error("index entry of a kept folder removed")
	}

	// Within a day: no second pass, even with something old to remove.
	again := mk("api-orders-arm64-bbbbbbbbbbbbbbbbbbbbbbbb", 90*24*time.Hour)
	pruneBuildCache(parent, now.Add(time.Hour))
	if _, err := os.Stat(again); err != nil {
		t.Error("pruned twice within a day")
	}
	pruneBuildCache(parent, now.Add(25*time.Hour))
	if _, err := os.Stat(again); err == nil {
		t.Error("not pruned a day later")
	}
}

// A folder a synth uses is marked used (at most once a day), so it is
// never pruned while in use.
func TestMarkUsedKeepsAFolderInUse(t *testing.T) {
	parent := t.TempDir()
	now := time.Now()
	dir := filepath.Join(parent, "api-users-arm64-0123456789abcdef01234567")
	os.MkdirAll(dir, 0o755)
	old := now.Add(-45 * 24 * time.Hour)
	os.Chtimes(dir, old, old)
	markUsed(dir, now)
	pruneBuildCache(parent, now)
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("a folder used now was pruned: %v", err)
	}
	// Used an hour ago: not rewritten again.
	recent := now.Add(-time.Hour)
	os.Chtimes(dir, recent, recent)
	markUsed(dir, now)
	if st, _ := os.Stat(dir); !st.ModTime().Equal(recent) {
		t.Errorf("marked again within a day: mtime %v", st.ModTime())
	}
}
