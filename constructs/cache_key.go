package constructs

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
)

// The cache key of a migrated route: what CloudFront keys a cached answer
// on besides the path. Only ever what the route's answer depends on, so
// that a made-up query key cannot miss the cache, and for per-token the
// caller's credential, so that an answer never reaches another caller.
// What reaches API Gateway on a cached route is limited to the same query
// strings and cookies: otherwise a name the key does not hold but the
// origin reads (a percent-encoded `%70age` that API Gateway decodes to
// `page`, CloudFront matching names literally) would put one answer in
// the cache under another's key. Uncached routes get everything but Host.

// cachePolicyFor makes one cache policy per mode, TTL, query keys and
// cookies, shared by the routes that ask for the same.
func (d *EdgeDistribution) cachePolicyFor(pattern string, opts *ApiRouteOptions) awscloudfront.ICachePolicy {
	mode := opts.Cache
	switch mode {
	case "", CacheNone:
		return awscloudfront.CachePolicy_CACHING_DISABLED()
	case CachePerToken, CachePublic:
	default:
		panic(fmt.Sprintf("%s: unknown cache mode %q; use none, per-token or public", *d.Node().Path(), mode))
	}
	if opts.CacheQueryKeys == nil {
		d.problems.add("AddApiRoute(%q): cache %s needs CacheQueryKeys, the query strings its answer depends on (an empty list for none): every key would let any caller bypass the cache, none would serve ?page=2 the answer of ?page=1", pattern, mode)
	}
	keys, cookies := keyLists(opts)
	if mode != CachePerToken && opts.CacheCookies != nil && len(*opts.CacheCookies) > 0 {
		d.problems.add("AddApiRoute(%q): CacheCookies identify a caller, which only a per-token cache keys on; a public answer is the same for everyone", pattern)
	}
	if len(keys) > awslimits.CloudFrontCachePolicyQueryStringsMax {
		d.problems.add("AddApiRoute(%q): %d CacheQueryKeys; a cache policy takes at most %d", pattern, len(keys), awslimits.CloudFrontCachePolicyQueryStringsMax)
	}
	if len(cookies) > awslimits.CloudFrontCachePolicyCookiesMax {
		d.problems.add("AddApiRoute(%q): %d CacheCookies; a cache policy takes at most %d", pattern, len(cookies), awslimits.CloudFrontCachePolicyCookiesMax)
	}
	ttl := opts.CacheTtl
	if ttl == nil {
		ttl = seconds(60)
	}
	seconds := *ttl.ToSeconds(nil)
	id := fmt.Sprintf("%sCache%gs", map[CacheMode]string{CachePerToken: "PerToken", CachePublic: "Public"}[mode], seconds)
	if len(keys) > 0 || len(cookies) > 0 {
		id += keyListsID(keys, cookies)
	}
	if p, ok := d.cachePolicy[id]; ok {
		return p
	}
	queries := awscloudfront.CacheQueryStringBehavior_None()
	if len(keys) > 0 {
		queries = awscloudfront.CacheQueryStringBehavior_AllowList(*jsii.Strings(keys...)...)
	}
	headers := awscloudfront.CacheHeaderBehavior_None()
	cookieKey := awscloudfront.CacheCookieBehavior_None()
	comment := fmt.Sprintf("Migrated API, same answer for everyone: %d query keys in the key", len(keys))
	if mode == CachePerToken {
		headers = awscloudfront.CacheHeaderBehavior_AllowList(jsii.String("Authorization"))
		if len(cookies) > 0 {
			cookieKey = awscloudfront.CacheCookieBehavior_AllowList(*jsii.Strings(cookies...)...)
		}
		comment = fmt.Sprintf("Migrated API, per caller: Authorization, %d cookies and %d query keys in the key", len(cookies), len(keys))
	}
	p := awscloudfront.NewCachePolicy(d.Construct, jsii.String(id), &awscloudfront.CachePolicyProps{
		Comment:                    jsii.String(comment),
		HeaderBehavior:             headers,
		QueryStringBehavior:        queries,
		CookieBehavior:             cookieKey,
		MinTtl:                     awscdk.Duration_Seconds(jsii.Number(0)),
		DefaultTtl:                 ttl,
		MaxTtl:                     awscdk.Duration_Seconds(jsii.Number(max(seconds, 86400))),
		EnableAcceptEncodingGzip:   jsii.Bool(true),
		EnableAcceptEncodingBrotli: jsii.Bool(true),
	})
	d.cachePolicy[id] = p
	return p
}

// sortedStrings: the list sorted and without repeats (nil for none).
func sortedStrings(list *[]*string) []string {
	if list == nil {
		return nil
	}
	var out []string
	for _, s := range *list {
		if s != nil {
			out = append(out, *s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// keyLists are the query keys and (per-token only: a public answer is the
// same for every caller) the cookies a cached route is keyed on, sorted.
func keyLists(opts *ApiRouteOptions) (keys, cookies []string) {
	keys = sortedStrings(opts.CacheQueryKeys)
	if opts.Cache == CachePerToken {
		cookies = sortedStrings(opts.CacheCookies)
	}
	return keys, cookies
}

// keyListsID names the policies made from the same lists: the same
// whatever order routes give them in.
func keyListsID(keys, cookies []string) string {
	sum := sha256.Sum256([]byte(strings.Join(keys, "&") + "|" + strings.Join(cookies, ";")))
	return hex.EncodeToString(sum[:4])
}

// originRequestPolicyFor is what a route's behaviour forwards to API
// Gateway: every viewer header but Host (API Gateway answers 403 to a Host
// not its own), and on a cached route only the query strings and cookies
// in its cache key; on an uncached one all of them.
func (d *EdgeDistribution) originRequestPolicyFor(opts *ApiRouteOptions) awscloudfront.IOriginRequestPolicy {
	if opts.Cache == "" || opts.Cache == CacheNone || opts.CachePolicy != nil {
		return awscloudfront.OriginRequestPolicy_ALL_VIEWER_EXCEPT_HOST_HEADER()
	}
	keys, cookies := keyLists(opts)
	id := "ApiRequest" + keyListsID(keys, cookies)
	if p, ok := d.originRequestPolicy[id]; ok {
		return p
	}
	queries := awscloudfront.OriginRequestQueryStringBehavior_None()
	if len(keys) > 0 {
		queries = awscloudfront.OriginRequestQueryStringBehavior_AllowList(*jsii.Strings(keys...)...)
	}
	cookieBehavior := awscloudfront.OriginRequestCookieBehavior_None()
	if len(cookies) > 0 {
		cookieBehavior = awscloudfront.OriginRequestCookieBehavior_AllowList(*jsii.Strings(cookies...)...)
	}
	p := awscloudfront.NewOriginRequestPolicy(d.Construct, jsii.String(id), &awscloudfront.OriginRequestPolicyProps{
		Comment:             jsii.String(fmt.Sprintf("Migrated API, cached: all viewer headers but Host, only the %d query keys and %d cookies of the cache key", len(keys), len(cookies))),
		HeaderBehavior:      awscloudfront.OriginRequestHeaderBehavior_DenyList(jsii.String("Host")),
		QueryStringBehavior: queries,
		CookieBehavior:      cookieBehavior,
	})
	d.originRequestPolicy[id] = p
	return p
}
