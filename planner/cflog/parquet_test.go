package cflog_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/parquet-go/parquet-go"

	"github.com/strangler-fig/strangler/planner/cflog"
	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
)

var t0 = time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)

type got struct {
	records  []string // "unix method path query host status bytes ms"
	lines    []int64
	sum      cflog.FileSummary
	problems []cflog.Problem
	stored   int64
}

func read(t *testing.T, src cflog.Source) got {
	t.Helper()
	var g got
	var stored atomic.Int64
	cp := cflog.NewChunkParser()
	report := func(p cflog.Problem) { g.problems = append(g.problems, p) }
	g.sum = cflog.Split(context.Background(), src, cflog.NewBufferPool(4), &stored, func(c *cflog.Chunk) {
		cp.Parse(c, func(r *cflog.Record) {
			g.records = append(g.records, strings.Join([]string{
				time.Unix(r.Time, 0).UTC().Format(time.DateTime), string(r.Method), string(r.Path), string(r.Query), string(r.Host),
				itoa(int64(r.Status)), itoa(r.Bytes), itoa(r.TimeTakenMs)}, " "))
			g.lines = append(g.lines, r.Line)
		}, report)
		c.Release()
	}, report)
	g.stored = stored.Load()
	return g
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func local(t *testing.T, path string) cflog.Source {
	t.Helper()
	srcs, err := cflog.LocalSources([]string{path})
	if err != nil || len(srcs) != 1 {
		t.Fatalf("%v %v", srcs, err)
	}
	return srcs[0]
}

func sampleLines(n int) []cflogtest.Line {
	var out []cflogtest.Line
	for i := range n {
		out = append(out, cflogtest.Line{Time: t0.Add(time.Duration(i) * time.Second), Path: "/user/" + itoa(int64(i)), Query: "a=1", Bytes: 900, TimeTakenMs: 25, Seed: uint64(i)})
	}
	return out
}

func TestParquetRecordsMatchText(t *testing.T) {
	dir := t.TempDir()
	lines := sampleLines(5000)
	lines[7].TimeTakenMs = -1 // "-": null in Parquet
	lines[8].Path = "no-slash"
	must(t, cflogtest.WriteFile(filepath.Join(dir, "a.gz"), lines))
	must(t, cflogtest.WriteParquet(filepath.Join(dir, "a.parquet"), lines, parquet.MaxRowsPerRowGroup(1000), parquet.PageBufferSize(8<<10)))
	text, pq := read(t, local(t, filepath.Join(dir, "a.gz"))), read(t, local(t, filepath.Join(dir, "a.parquet")))
	if len(pq.records) != 4999 || strings.Join(text.records, "\n") != strings.Join(pq.records, "\n") {
		t.Fatalf("%d parquet records, %d text; first %q vs %q", len(pq.records), len(text.records), pq.records[:1], text.records[:1])
	}
	// The bad row is named by its 1-based row number (text: line 11, after 2 headers).
	if len(pq.problems) != 1 || pq.problems[0].Line != 9 || len(text.problems) != 1 || text.problems[0].Line != 11 {
		t.Errorf("problems: parquet %v text %v", pq.problems, text.problems)
	}
	if pq.sum.Lines != 5000 || pq.sum.Problem != nil || pq.lines[4998] != 5000 {
		t.Errorf("summary %+v last row %d", pq.sum, pq.lines[4998])
	}
	// Column projection: the user agent, request ID, client IP and the
	// other unused columns are never read.
	st, _ := os.Stat(filepath.Join(dir, "a.parquet"))
	t.Logf("read %d of %d", pq.stored, st.Size())
	if pq.stored > st.Size()/2 {
		t.Errorf("read %d of %d bytes: the unused columns were read", pq.stored, st.Size())
	}
}

// A v2 file with Athena-style names, numbers as integers and only
// timestamp(ms) for the time.
type v2Row struct {
	TimestampMs int64   `parquet:"timestamp(ms)"`
	Method      string  `parquet:"cs_method"`
	Stem        string  `parquet:"cs_uri_stem"`
	Query       *string `parquet:"cs_uri_query,optional"`
	Host        string  `parquet:"cs_host"`
	Status      int32   `parquet:"sc_status"`
	Bytes       int64   `parquet:"sc_bytes"`
	TimeTaken   float64 `parquet:"time_taken"`
	RequestID   string  `parquet:"x_edge_request_id"`
}

func TestParquetTypedColumnsAndTimestampMs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "E1.2025-03-03-10.typed")
	f, err := os.Create(path)
	must(t, err)
	w := parquet.NewGenericWriter[v2Row](f)
	q := "x=%09y"
	_, err = w.Write([]v2Row{
		{TimestampMs: t0.UnixMilli() + 999, Method: "POST", Stem: "/orders", Query: &q, Host: "d1.cloudfront.net", Status: 201, Bytes: 42, TimeTaken: 0.1234, RequestID: "abc"},
		{TimestampMs: t0.UnixMilli() + 1000, Method: "GET", Stem: "/orders/7", Host: "d1.cloudfront.net", Status: 404, Bytes: 7, TimeTaken: 2},
	})
	must(t, err)
	must(t, w.Close())
	must(t, f.Close())
	// No .parquet suffix: found by its magic bytes.
	g := read(t, local(t, path))
	want := []string{
		"2025-03-03 10:00:00 POST /orders x=%09y d1.cloudfront.net 201 42 123",
		"2025-03-03 10:00:01 GET /orders/7  d1.cloudfront.net 404 7 2000",
	}
	if strings.Join(g.records, "\n") != strings.Join(want, "\n") || g.sum.Problem != nil {
		t.Fatalf("records\n%s\nproblem %v", strings.Join(g.records, "\n"), g.sum.Problem)
	}
}

type notALog struct {
	Path string `parquet:"cs-uri-stem"`
}

func TestParquetWithoutTimeIsRejected(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.parquet")
	f, err := os.Create(path)
	must(t, err)
	w := parquet.NewGenericWriter[notALog](f)
	w.Write([]notALog{{"/a"}})
	must(t, w.Close())
	f.Close()
	g := read(t, local(t, path))
	if g.sum.Problem == nil || !strings.Contains(g.sum.Problem.Reason, "lacks cs-uri-stem, or date and time") || len(g.records) != 0 {
		t.Fatalf("%+v", g)
	}
}

// s3:// Parquet is read with ranged GETs against gofakes3 on loopback:
// the records match, and only part of the object is fetched.
func TestParquetFromS3(t *testing.T) {
	ts := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	defer ts.Close()
	client := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(ts.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")})
	ctx := context.Background()
	_, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("logs")})
	must(t, err)
	path := filepath.Join(t.TempDir(), "a.parquet")
	must(t, cflogtest.WriteParquet(path, sampleLines(3000)))
	data, err := os.ReadFile(path)
	must(t, err)
	_, err = client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("logs"), Key: aws.String("E1/2025/03/03/10/a.parquet"), Body: bytes.NewReader(data)})
	must(t, err)
	srcs, err := cflog.S3Sources(ctx, client, "s3://logs/E1/")
	must(t, err)
	if len(srcs) != 1 {
		t.Fatalf("sources %v", srcs)
	}
	g, want := read(t, srcs[0]), read(t, local(t, path))
	if len(g.records) != 3000 || strings.Join(g.records, "\n") != strings.Join(want.records, "\n") || g.sum.Problem != nil {
		t.Fatalf("%d records, problem %v", len(g.records), g.sum.Problem)
	}
	if g.stored > int64(len(data))/2 {
		t.Errorf("fetched %d of %d bytes", g.stored, len(data))
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// FuzzParquetFile: damaged Parquet never crashes the reader; the file is
// reported or read. Seeds: a valid file, and it with bytes flipped.
func FuzzParquetFile(f *testing.F) {
	path := filepath.Join(f.TempDir(), "seed.parquet")
	if err := cflogtest.WriteParquet(path, sampleLines(20), parquet.PageBufferSize(512)); err != nil {
		f.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	f.Add(data)
	for _, at := range []int{4, len(data) / 3, len(data) / 2, len(data) - 40, len(data) - 9} {
		d := bytes.Clone(data)
		d[at] ^= 0x5a
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.parquet")
		must(t, os.WriteFile(path, data, 0o644))
		g := read(t, local(t, path))
		if g.sum.Problem == nil && g.sum.Lines != int64(len(g.records)+len(g.problems)) {
			t.Errorf("rows %d, records %d, problems %d", g.sum.Lines, len(g.records), len(g.problems))
		}
	})
}

// TestParquetRandomDamage: 300 copies of a file with bytes changed,
// removed or inserted are each either reported as damaged or read with
// every row accounted for, and never crash the reader. (The fuzzer makes
// slow progress through parquet-go, hence this seeded sweep as well.)
func TestParquetRandomDamage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.parquet")
	must(t, cflogtest.WriteParquet(path, sampleLines(300), parquet.PageBufferSize(4<<10)))
	data, err := os.ReadFile(path)
	must(t, err)
	r := rand.New(rand.NewPCG(1, 2))
	damaged := 0
	for range 300 {
		d := bytes.Clone(data)
		for range 1 + r.IntN(8) {
			at := r.IntN(len(d) - 1)
			switch r.IntN(3) {
			case 0:
				d[at] = byte(r.IntN(256))
			case 1:
				d = append(d[:at:at], d[at+1:]...)
			default:
				d = append(d[:at:at], append([]byte{byte(r.IntN(256))}, d[at:]...)...)
			}
		}
		p := filepath.Join(t.TempDir(), "f.parquet")
		must(t, os.WriteFile(p, d, 0o644))
		g := read(t, local(t, p))
		if g.sum.Problem != nil {
			damaged++
		} else if g.sum.Lines != int64(len(g.records)+len(g.problems)) {
			t.Fatalf("rows %d, records %d, problems %d", g.sum.Lines, len(g.records), len(g.problems))
		}
	}
	if damaged == 0 {
		t.Error("no damaged file was reported")
	}
}
