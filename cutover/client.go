package cutover

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	kvs "github.com/aws/aws-sdk-go-v2/service/cloudfrontkeyvaluestore"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
)

// NewClient makes the KeyValueStore data-plane client. The SDK derives the
// endpoint from each request's store ARN (https://ACCOUNT.cloudfront-kvs.global.api.aws)
// and signs with SigV4A. endpointURL, when set, sends every request there
// instead, still signed as for AWS: for a proxy or a test server (the
// SDK's own BaseEndpoint would put the account ID in front of its host).
func NewClient(cfg aws.Config, endpointURL string) (*kvs.Client, error) {
	if endpointURL == "" {
		return kvs.NewFromConfig(cfg), nil
	}
	u, err := url.Parse(endpointURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("KeyValueStore endpoint %q: want a URL such as https://host:port", endpointURL)
	}
	return kvs.NewFromConfig(cfg, func(o *kvs.Options) {
		o.EndpointResolverV2 = fixedEndpoint{base: kvs.NewDefaultEndpointResolverV2(), url: *u}
	}), nil
}

// fixedEndpoint resolves as the SDK does (so the ARN is checked and the
// SigV4A signing properties are kept), then swaps in a fixed scheme and host.
type fixedEndpoint struct {
	base kvs.EndpointResolverV2
	url  url.URL
}

func (r fixedEndpoint) ResolveEndpoint(ctx context.Context, p kvs.EndpointParameters) (smithyendpoints.Endpoint, error) {
	e, err := r.base.ResolveEndpoint(ctx, p)
	if err != nil {
		return e, err
	}
	e.URI.Scheme, e.URI.Host = r.url.Scheme, r.url.Host
	e.URI.Path = strings.TrimSuffix(r.url.Path, "/") + e.URI.Path
	return e, nil
}

// CheckStoreARN says what is wrong with a KeyValueStore ARN, before the
// SDK fails on it with less to go on.
func CheckStoreARN(s string) error {
	const want = "want arn:aws:cloudfront::ACCOUNT:key-value-store/ID (CloudFront console > Functions > KeyValueStores, or the stack output CutoverStoreArn)"
	a, err := arn.Parse(s)
	if err != nil {
		return fmt.Errorf("KeyValueStore ARN %q: %v; %s", s, err, want)
	}
	if a.Service != "cloudfront" || a.Region != "" || !strings.HasPrefix(a.Resource, "key-value-store/") || a.Resource == "key-value-store/" {
		return fmt.Errorf("KeyValueStore ARN %q: %s", s, want)
	}
	return nil
}
