package awslimits

// CloudFront KeyValueStore quotas (the store CloudFront Functions read).
// Source: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-kvs
// and https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/kvs-with-functions-create-s3-kvp.html
const (
	// KeyValueStoreKeyBytes is the largest key a store accepts.
	KeyValueStoreKeyBytes = 512
	// KeyValueStoreValueBytes is the largest value a store accepts (1 KB).
	KeyValueStoreValueBytes = 1024
	// KeyValueStoreBytes is the largest total size of one store (5 MB).
	KeyValueStoreBytes = 5 * 1024 * 1024
)

// KeyValueStoreListKeysMaxResults is the largest page ListKeys returns.
// Source: https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_kvs_ListKeys.html
const KeyValueStoreListKeysMaxResults = 50
