package cflog

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestListSourcesLocal(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"E1.2024-05-01-12.a.gz", "E1.2024-05-01-13.b.log", "notes.md"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srcs, err := ListSources(context.Background(), []string{dir}, "")
	if err != nil || len(srcs) != 2 {
		t.Fatalf("%d sources, %v", len(srcs), err)
	}
	if _, err := ListSources(context.Background(), []string{filepath.Join(dir, "missing")}, ""); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing path: %v", err)
	}
	if _, err := ListSources(context.Background(), []string{"s3://"}, "http://127.0.0.1:1"); err == nil || !strings.Contains(err.Error(), "no bucket") {
		t.Errorf("s3:// without a bucket: %v", err)
	}
}
