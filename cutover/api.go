package cutover

import (
	"context"

	kvs "github.com/aws/aws-sdk-go-v2/service/cloudfrontkeyvaluestore"
)

// API is the part of the KeyValueStore data-plane client this package
// uses; *cloudfrontkeyvaluestore.Client implements it.
type API interface {
	DescribeKeyValueStore(context.Context, *kvs.DescribeKeyValueStoreInput, ...func(*kvs.Options)) (*kvs.DescribeKeyValueStoreOutput, error)
	GetKey(context.Context, *kvs.GetKeyInput, ...func(*kvs.Options)) (*kvs.GetKeyOutput, error)
	ListKeys(context.Context, *kvs.ListKeysInput, ...func(*kvs.Options)) (*kvs.ListKeysOutput, error)
	UpdateKeys(context.Context, *kvs.UpdateKeysInput, ...func(*kvs.Options)) (*kvs.UpdateKeysOutput, error)
}

var _ API = (*kvs.Client)(nil)
