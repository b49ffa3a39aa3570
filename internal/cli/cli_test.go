package cli

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestListFlagCollectsEveryValue(t *testing.T) {
	var l ListFlag
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.Var(&l, "weight", "")
	if err := fs.Parse([]string{"-weight", "a=1", "-weight", "b=2"}); err != nil {
		t.Fatal(err)
	}
	if l.String() != "a=1, b=2" {
		t.Errorf("got %q", l.String())
	}
}

func TestWriteFileNamesTheFileOnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.json")
	if err := WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "{}"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "{}" {
		t.Errorf("file holds %q", b)
	}
	err := WriteFile(path, func(io.Writer) error { return errors.New("boom") })
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "boom") {
		t.Errorf("err = %v, want the path and the cause", err)
	}
}
