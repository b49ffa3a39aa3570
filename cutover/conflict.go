package cutover

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/cloudfrontkeyvaluestore/types"
)

// ErrStoreChanged is matched (errors.Is) by the error Shift returns when
// another writer kept changing the store between its read of the ETag and
// its write, every attempt.
var ErrStoreChanged = errors.New("the KeyValueStore changed under us")

// ConflictError is that error, with what was tried.
type ConflictError struct {
	StoreARN string
	Attempts int
	Last     error // the last refusal
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%v: KeyValueStore %s was changed by another writer (the fallback Lambda or another person) between reading its ETag and writing, %d times in a row; nothing was written. Run `cutover status` to see the current weights, then try again (last refusal: %v)",
		ErrStoreChanged, e.StoreARN, e.Attempts, e.Last)
}

func (e *ConflictError) Is(target error) bool { return target == ErrStoreChanged }
func (e *ConflictError) Unwrap() error        { return e.Last }

// isConflict tells a write refused because the If-Match ETag is no longer
// the store's: the service's ConflictException, or a bare 412.
func isConflict(err error) bool {
	var ce *types.ConflictException
	if errors.As(err, &ce) {
		return true
	}
	var re *awshttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() == http.StatusPreconditionFailed
}

// sleep waits d or until ctx ends, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
