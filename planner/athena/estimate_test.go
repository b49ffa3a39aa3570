package athena_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/parquet-go/parquet-go"

	"github.com/strangler-fig/strangler/planner/athena"
	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
)

// fakeLogs puts one Parquet file per hour of hours under
// s3://logs/AWSLogs/123456789012/CloudFront/E2EXAMPLE/yyyy/MM/dd/HH/ on a
// loopback S3, and returns the client and each file's column sizes.
func fakeLogs(t *testing.T, hours []time.Time) (*s3.Client, int64) {
	ts := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(ts.Close)
	client := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(ts.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")})
	ctx := context.Background()
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("logs")}); err != nil {
		t.Fatal(err)
	}
	var stored int64
	for i, h := range hours {
		var lines []cflogtest.Line
		for k := range 2000 {
			lines = append(lines, cflogtest.Line{Time: h.Add(time.Duration(k) * time.Second), Path: fmt.Sprintf("/user/%d", k), TimeTakenMs: int64(k % 300), Seed: uint64(k)})
		}
		path := filepath.Join(t.TempDir(), "f.parquet")
		if err := cflogtest.WriteParquet(path, lines, parquet.MaxRowsPerRowGroup(500)); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(path)
		key := fmt.Sprintf("AWSLogs/123456789012/CloudFront/E2EXAMPLE/%s/E2EXAMPLE.%d.parquet", h.Format("2006/01/02/15"), i)
		if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("logs"), Key: aws.String(key), Body: bytes.NewReader(data)}); err != nil {
			t.Fatal(err)
		}
		stored += int64(len(data))
	}
	return client, stored
}

func TestEstimateCountsOnlyTheRangesObjectsAndTheQueriedColumns(t *testing.T) {
	day := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	inside := []time.Time{day.Add(10 * time.Hour), day.Add(11 * time.Hour)}
	client, stored := fakeLogs(t, append([]time.Time{day.Add(9 * time.Hour), day.AddDate(0, 0, 1).Add(10 * time.Hour)}, inside...))
	s := scope
	s.From, s.To = day.Add(10*time.Hour), day.Add(12*time.Hour)
	est, err := athena.EstimateScope(context.Background(), client, "s3://logs/AWSLogs/123456789012/CloudFront/", s)
	if err != nil {
		t.Fatal(err)
	}
	if est.Objects != 2 || est.StoredBytes*10 < stored*4 || est.StoredBytes*10 > stored*6 {
		t.Fatalf("%d objects, %d of %d bytes: want the 2 of 4 files in [10:00, 12:00)", est.Objects, est.StoredBytes, stored)
	}
	sql, err := athena.Render(athena.QueryHosts, s, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := est.QueryBytes(sql)
	var all int64
	for _, b := range est.ColumnBytes {
		all += b
	}
	// hosts.sql names 9 of the 33 columns; c_ip, cs_user_agent, x_edge_request_id... are not read.
	if n <= 0 || n >= all || est.ColumnBytes["cs_user_agent"] == 0 {
		t.Errorf("query %d bytes of %d in all columns (%v)", n, all, est.ColumnBytes)
	}
	if strings.Contains(sql, "cs_user_agent") {
		t.Fatal("hosts.sql names cs_user_agent: pick another unread column")
	}
	var buf bytes.Buffer
	g := &athena.Guard{Estimate: est, MaxScan: n / 2, Log: &buf}
	if err := g.Before(athena.QueryHosts, sql); err == nil || !strings.Contains(err.Error(), "--max-scan") {
		t.Errorf("over --max-scan: %v", err)
	}
	if !strings.Contains(buf.String(), "will scan about") || !strings.Contains(buf.String(), "$") {
		t.Errorf("no estimate printed: %q", buf.String())
	}
	buf.Reset()
	g = &athena.Guard{Estimate: est, DryRun: true, Log: &buf}
	if err := g.Plan(s); err != athena.ErrDryRun || strings.Count(buf.String(), "WITH") != 6 {
		t.Errorf("dry run: %v\n%s", err, buf.String())
	}
}
