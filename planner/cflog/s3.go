package cflog

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// S3API is the part of the S3 client the planner uses (for tests and for
// S3-compatible stores).
type S3API interface {
	s3.ListObjectsV2APIClient
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// ParseS3URL splits "s3://bucket/prefix" into bucket and prefix.
func ParseS3URL(u string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(u, "s3://")
	if !ok {
		return "", "", fmt.Errorf("%q is not an s3://bucket/prefix URL", u)
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	if bucket == "" {
		return "", "", fmt.Errorf("%q has no bucket name", u)
	}
	return bucket, prefix, nil
}

// S3Sources lists the log objects under s3://bucket/prefix (every page of
// ListObjectsV2), keeping the names LooksLikeLog accepts.
func S3Sources(ctx context.Context, client S3API, url string) ([]Source, error) {
	bucket, prefix, err := ParseS3URL(url)
	if err != nil {
		return nil, err
	}
	var out []Source
	pages := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing %s: %w", url, err)
		}
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			if strings.HasSuffix(key, "/") || !LooksLikeLog(key) {
				continue
			}
			out = append(out, s3Object{client: client, bucket: bucket, key: key, size: aws.ToInt64(o.Size)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Size() > out[j].Size() })
	return out, nil
}

type s3Object struct {
	client      S3API
	bucket, key string
	size        int64
}

func (o s3Object) Name() string { return "s3://" + o.bucket + "/" + o.key }
func (o s3Object) Size() int64  { return o.size }
func (o s3Object) Open(ctx context.Context) (io.ReadCloser, error) {
	out, err := o.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(o.bucket), Key: aws.String(o.key)})
	if err != nil {
		return nil, err
	}
	return out.Body, nil
}

// OpenReaderAt reads the object by ranged GETs, so that a Parquet file's
// unused columns are never downloaded.
func (o s3Object) OpenReaderAt(ctx context.Context) (io.ReaderAt, io.Closer, error) {
	return s3RangeReader{ctx, o}, io.NopCloser(nil), nil
}

type s3RangeReader struct {
	ctx context.Context
	o   s3Object
}

func (r s3RangeReader) ReadAt(p []byte, off int64) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if off >= r.o.size {
		return 0, io.EOF
	}
	end := min(off+int64(len(p)), r.o.size) - 1
	out, err := r.o.client.GetObject(r.ctx, &s3.GetObjectInput{
		Bucket: aws.String(r.o.bucket), Key: aws.String(r.o.key),
		Range: aws.String(fmt.Sprintf("bytes=%d-%d", off, end)),
	})
	if err != nil {
		return 0, err
	}
	defer out.Body.Close()
	n, err := io.ReadFull(out.Body, p[:end-off+1])
	if err == nil && n < len(p) {
		err = io.EOF
	}
	return n, err
}
