package cflog

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

func logBody(n int) []byte {
	var b bytes.Buffer
	b.WriteString("#Version: 1.0\n#Fields: date time cs-method cs-uri-stem sc-status time-taken\n")
	for i := range n {
		fmt.Fprintf(&b, "2024-05-01\t12:00:%02d\tGET\t/item/%d\t200\t0.020\n", i%60, i)
	}
	return b.Bytes()
}

func gz(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readAll splits and parses one file as the planner does.
func readAll(t *testing.T, path string) (records int64, sum FileSummary, problems []Problem) {
	t.Helper()
	srcs, err := LocalSources([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	pool := NewBufferPool(4)
	cp := NewChunkParser()
	report := func(p Problem) { problems = append(problems, p) }
	sum = Split(context.Background(), srcs[0], pool, nil, func(c *Chunk) {
		n, _ := cp.Parse(c, func(*Record) {}, report)
		records += n
		c.Release()
	}, report)
	return records, sum, problems
}

func TestSplitPlainAndGzip(t *testing.T) {
	dir := t.TempDir()
	body := logBody(3000)
	os.WriteFile(filepath.Join(dir, "a.log"), body, 0o644)
	os.WriteFile(filepath.Join(dir, "E1.2024-05-01-12.abc.gz"), gz(t, body), 0o644)
	for _, name := range []string{"a.log", "E1.2024-05-01-12.abc.gz"} {
		n, sum, probs := readAll(t, filepath.Join(dir, name))
		if n != 3000 || sum.Lines != 3002 || sum.Problem != nil || len(probs) != 0 {
			t.Errorf("%s: records %d lines %d problem %v %v", name, n, sum.Lines, sum.Problem, probs)
		}
		if sum.UncompressedSize != int64(len(body)) {
			t.Errorf("%s: uncompressed %d, want %d", name, sum.UncompressedSize, len(body))
		}
	}
}

func TestSplitManyChunksKeepsLineNumbers(t *testing.T) {
	// 3 MB of lines with one bad line near the end: its number must be right
	// across chunk boundaries.
	body := logBody(60000)
	lines := bytes.Split(body, []byte("\n"))
	lines[59990] = []byte("broken")
	path := filepath.Join(t.TempDir(), "big.gz")
	os.WriteFile(path, gz(t, bytes.Join(lines, []byte("\n"))), 0o644)
	n, _, probs := readAll(t, path)
	if n != 59999 || len(probs) != 1 || probs[0].Line != 59991 {
		t.Fatalf("records %d problems %v, want 59999 and line 59991", n, probs)
	}
}

func TestSplitTruncatedGzip(t *testing.T) {
	body := logBody(20000)
	z := gz(t, body)
	path := filepath.Join(t.TempDir(), "cut.gz")
	os.WriteFile(path, z[:len(z)/2], 0o644)
	n, sum, _ := readAll(t, path)
	if sum.Problem == nil || !strings.Contains(sum.Problem.Reason, "truncated") {
		t.Fatalf("problem %v, want truncated", sum.Problem)
	}
	// Every complete line before the cut is read, and the problem names
	// the line where reading stopped.
	if n == 0 || n >= 20000 || sum.Problem.Line != n+3 {
		t.Errorf("records %d, stopped at line %d", n, sum.Problem.Line)
	}
}

func TestSplitCorruptGzip(t *testing.T) {
	dir := t.TempDir()
	z := gz(t, logBody(10))
	z[3] = 0xff // reserved flag bits: an invalid header
	path := filepath.Join(dir, "bad.gz")
	os.WriteFile(path, z, 0o644)
	n, sum, _ := readAll(t, path)
	if n != 0 || sum.Problem == nil || sum.Problem.Line != 0 || !strings.Contains(sum.Problem.String(), "bad.gz: not a readable gzip file") {
		t.Fatalf("records %d problem %v", n, sum.Problem)
	}
	// A damaged byte inside the stream fails its checksum or decoding.
	z = gz(t, logBody(5000))
	z[len(z)/2] ^= 0xff
	os.WriteFile(path, z, 0o644)
	if _, sum, _ := readAll(t, path); sum.Problem == nil {
		t.Fatal("a flipped byte was not reported")
	}
}

func TestSplitSkipsOverlongLine(t *testing.T) {
	body := logBody(3)
	long := append([]byte("2024-05-01\t12:00:00\tGET\t/"), bytes.Repeat([]byte("x"), ChunkSize+10)...)
	data := append(append(append([]byte{}, body...), long...), "\n2024-05-01\t12:00:00\tGET\t/after\t200\t0.001\n"...)
	path := filepath.Join(t.TempDir(), "long.log")
	os.WriteFile(path, data, 0o644)
	n, sum, probs := readAll(t, path)
	if n != 4 || sum.Problem != nil || len(probs) != 1 || probs[0].Line != 6 {
		t.Fatalf("records %d problem %v problems %v", n, sum.Problem, probs)
	}
}

func TestLocalSourcesPicksLogs(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"E1.2024-05-01-12.a.gz", "x.log", "notes.md", ".hidden.gz", "report.html"} {
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644)
	}
	srcs, err := LocalSources([]string{dir})
	if err != nil || len(srcs) != 2 {
		t.Fatalf("%v %d", err, len(srcs))
	}
	if _, err := LocalSources([]string{filepath.Join(dir, "missing")}); err == nil {
		t.Fatal("missing path accepted")
	}
}

// S3 is tested against gofakes3, an S3-compatible server on loopback.
func TestS3Sources(t *testing.T) {
	ts := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	defer ts.Close()
	client := s3.New(s3.Options{
		Region:       "eu-west-1",
		BaseEndpoint: aws.String(ts.URL),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
	})
	ctx := context.Background()
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("logs")}); err != nil {
		t.Fatal(err)
	}
	put := func(key string, data []byte) {
		if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("logs"), Key: aws.String(key), Body: bytes.NewReader(data)}); err != nil {
			t.Fatal(err)
		}
	}
	put("cf/E1.2024-05-01-12.a.gz", gz(t, logBody(100)))
	put("cf/E1.2024-05-01-13.b.gz", gz(t, logBody(50)))
	put("cf/readme.md", []byte("not a log"))
	put("other/E1.2024-05-01-12.c.gz", gz(t, logBody(7)))
	srcs, err := S3Sources(ctx, client, "s3://logs/cf/")
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 || srcs[0].Name() != "s3://logs/cf/E1.2024-05-01-12.a.gz" {
		t.Fatalf("sources %v", srcs)
	}
	pool := NewBufferPool(4)
	cp := NewChunkParser()
	var records int64
	for _, s := range srcs {
		sum := Split(ctx, s, pool, nil, func(c *Chunk) {
			n, _ := cp.Parse(c, func(*Record) {}, func(p Problem) { t.Error(p) })
			records += n
			c.Release()
		}, func(p Problem) { t.Error(p) })
		if sum.Problem != nil {
			t.Fatal(sum.Problem)
		}
	}
	if records != 150 {
		t.Fatalf("records %d, want 150", records)
	}
	if _, err := S3Sources(ctx, client, "s3:///x"); err == nil {
		t.Fatal("bucketless URL accepted")
	}
}
