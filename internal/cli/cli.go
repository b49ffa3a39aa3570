// Package cli holds the small pieces the project's commands (cmd/...)
// share: a repeatable flag and writing an output file.
package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// ListFlag is a flag that may be given many times (flag.Var).
type ListFlag []string

func (l *ListFlag) String() string     { return strings.Join(*l, ", ") }
func (l *ListFlag) Set(s string) error { *l = append(*l, s); return nil }

// WriteFile creates path and fills it with write; an error names the file.
func WriteFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}
