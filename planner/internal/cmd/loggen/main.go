// Command loggen writes a realistic CloudFront standard log set for
// benchmarks: go run ./planner/internal/cmd/loggen -dir /tmp/logs -size 1GB
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
)

func main() {
	dir := flag.String("dir", "/tmp/cloudfront-logs", "folder to write the .gz files to")
	size := flag.String("size", "1GB", "uncompressed size of the set (e.g. 200MB, 1GB)")
	hours := flag.Int("hours", 24, "hours of traffic")
	perHour := flag.Int("files-per-hour", 2, "files per hour")
	seed := flag.Uint64("seed", 1, "random seed")
	pqDir := flag.String("parquet", "", "also write the same requests as logging v2 Parquet files to this folder")
	flag.Parse()
	bytes, err := parseSize(*size)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loggen:", err)
		os.Exit(2)
	}
	start := time.Now()
	n, err := cflogtest.WriteSet(cflogtest.SetOptions{Dir: *dir, Hours: *hours, FilesPerHour: *perHour, TargetBytes: bytes, Seed: *seed, Workers: runtime.GOMAXPROCS(0)})
	if err != nil {
		fmt.Fprintln(os.Stderr, "loggen:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d lines to %s in %s\n", n, *dir, time.Since(start).Round(time.Millisecond))
	if *pqDir != "" {
		if err := toParquet(*dir, *pqDir); err != nil {
			fmt.Fprintln(os.Stderr, "loggen:", err)
			os.Exit(1)
		}
		fmt.Printf("wrote the same requests as Parquet to %s\n", *pqDir)
	}
}

// toParquet writes every .gz file of dir as NAME.parquet in pqDir.
func toParquet(dir, pqDir string) error {
	if err := os.MkdirAll(pqDir, 0o755); err != nil {
		return err
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.gz"))
	if err != nil {
		return err
	}
	for _, n := range names {
		dst := filepath.Join(pqDir, strings.TrimSuffix(filepath.Base(n), ".gz")+".parquet")
		if err := cflogtest.ParquetFromText(n, dst); err != nil {
			return err
		}
	}
	return nil
}

func parseSize(s string) (int64, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}} {
		if strings.HasSuffix(s, u.suffix) {
			mult, s = u.m, strings.TrimSuffix(s, u.suffix)
			break
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("size %q: use a number with GB, MB or KB", s)
	}
	return int64(n * float64(mult)), nil
}
