package cutover

import (
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// Store is one distribution's KeyValueStore, as this package reads and
// writes it.
type Store struct {
	API API
	ARN string
	// Attempts at a write before giving up on ETag conflicts. Default: DefaultAttempts.
	Attempts int
	// Backoff between attempts. Default: jittered doubling from 100 ms, at
	// most 2 s (five attempts take under 4 s; the SDK's own backoff starts at 1 s).
	Backoff retry.BackoffDelayer
	// Now stamps notes. Default: time.Now.
	Now func() time.Time
}

// DefaultAttempts is how many times Shift tries a write that another writer beat.
const DefaultAttempts = 5

// New returns the store at arn, read and written through api.
func New(api API, arn string) *Store { return &Store{API: api, ARN: arn} }

func (s *Store) attempts() int {
	if s.Attempts > 0 {
		return s.Attempts
	}
	return DefaultAttempts
}

func (s *Store) backoff() retry.BackoffDelayer {
	if s.Backoff != nil {
		return s.Backoff
	}
	return jitterBackoff{base: 100 * time.Millisecond, max: 2 * time.Second}
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// jitterBackoff waits between half and all of base·2^(attempt-1), at most max,
// so two writers that collided do not collide again in step.
type jitterBackoff struct{ base, max time.Duration }

func (b jitterBackoff) BackoffDelay(attempt int, _ error) (time.Duration, error) {
	d := b.max
	if attempt < 20 {
		d = min(b.max, b.base<<max(attempt-1, 0))
	}
	return d/2 + rand.N(d/2+1), nil
}
