package cutover_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	kvs "github.com/aws/aws-sdk-go-v2/service/cloudfrontkeyvaluestore"

	"github.com/strangler-fig/strangler/cutover"
	"github.com/strangler-fig/strangler/cutover/kvstest"
)

// storeOn returns a Store talking to srv through the real SDK client,
// with no wait between attempts.
func storeOn(t *testing.T, srv *kvstest.Server) *cutover.Store {
	t.Helper()
	c, err := cutover.NewClient(kvstest.Config(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	s := cutover.New(c, srv.ARN)
	s.Backoff = noWait{}
	return s
}

type noWait struct{}

func (noWait) BackoffDelay(int, error) (d0 time.Duration, err error) { return 0, nil }

// The client reaches the endpoint given, signed with SigV4A as the SDK
// signs for AWS, and reads the ETag from the response header.
func TestNewClientTalksToTheEndpointWithSigV4A(t *testing.T) {
	srv := kvstest.New(t)
	c, err := cutover.NewClient(kvstest.Config(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.DescribeKeyValueStore(context.Background(), &kvs.DescribeKeyValueStoreInput{KvsARN: aws.String(srv.ARN)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.ETag) != srv.ETag() {
		t.Errorf("ETag %q, want %q", aws.ToString(out.ETag), srv.ETag())
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Auth != "AWS4-ECDSA-P256-SHA256" {
		t.Errorf("requests %+v, want one signed AWS4-ECDSA-P256-SHA256", reqs)
	}
}

func TestNewClientRejectsABadEndpoint(t *testing.T) {
	if _, err := cutover.NewClient(kvstest.Config(), "127.0.0.1:9"); err == nil || !strings.Contains(err.Error(), "https://host:port") {
		t.Errorf("err = %v, want one showing the URL form", err)
	}
}

func TestCheckStoreARN(t *testing.T) {
	for arn, want := range map[string]string{
		kvstest.ARN: "",
		"arn:aws:cloudfront::123456789012:key-value-store/":             "key-value-store/ID",
		"arn:aws:cloudfront:us-east-1:123456789012:key-value-store/abc": "key-value-store/ID",
		"arn:aws:s3:::bucket": "key-value-store/ID",
		"store-1":             "arn: invalid prefix",
	} {
		err := cutover.CheckStoreARN(arn)
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("CheckStoreARN(%q) = %v, want %q", arn, err, want)
		}
	}
}
