package cutover

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	kvs "github.com/aws/aws-sdk-go-v2/service/cloudfrontkeyvaluestore"
	"github.com/aws/aws-sdk-go-v2/service/cloudfrontkeyvaluestore/types"
)

// Change is a new weight for one route.
type Change struct {
	Route   string // the manifest's path template, e.g. /user/{id}
	Percent int    // share of the route's traffic to Lambda, 0..100
	By      string // ByShift or ByFallback
	Reason  string // why, in a person's words or the alarm's
	Alarm   string // the alarm behind a fallback
	// SkipIfAlready leaves the route alone when the store already holds
	// Percent for it: an alarm that fires twice writes once.
	SkipIfAlready bool
}

// Shifted is what Shift did to one route.
type Shifted struct {
	Change
	// Previous is the stored weight before the change, "" when the key was
	// absent (the manifest's weight applied).
	Previous string
	Written  bool
}

// ShiftResult is what Shift did.
type ShiftResult struct {
	Routes   []Shifted
	ETag     string // the store's version after the write; "" when nothing was written
	Attempts int
}

// Written lists the routes whose keys were written.
func (r *ShiftResult) Written() []Shifted {
	var out []Shifted
	for _, s := range r.Routes {
		if s.Written {
			out = append(out, s)
		}
	}
	return out
}

// Shift writes each change's weight and note, all in one UpdateKeys call
// guarded by the store's current ETag. When another writer changed the
// store meanwhile (ConflictException or 412), it reads the ETag and the
// weights again and retries after a backoff, up to Attempts times, then
// returns a *ConflictError (errors.Is ErrStoreChanged). Nothing is
// written for an invalid change.
func (s *Store) Shift(ctx context.Context, changes ...Change) (*ShiftResult, error) {
	if len(changes) == 0 {
		return &ShiftResult{}, nil
	}
	notes := make([]string, len(changes))
	seen := map[string]bool{}
	at := s.now()
	for i, c := range changes {
		if err := checkChange(c); err != nil {
			return nil, err
		}
		if seen[c.Route] {
			return nil, fmt.Errorf("route %s is changed twice in one shift", c.Route)
		}
		seen[c.Route] = true
		var err error
		if notes[i], err = EncodeNote(Note{Weight: c.Percent, By: c.By, Reason: c.Reason, Alarm: c.Alarm, At: at}); err != nil {
			return nil, fmt.Errorf("route %s: %w", c.Route, err)
		}
	}

	res := &ShiftResult{}
	for attempt := 1; ; attempt++ {
		res.Attempts = attempt
		etag, err := s.etag(ctx)
		if err != nil {
			return nil, err
		}
		res.Routes = res.Routes[:0]
		var puts []types.PutKeyRequestListItem
		for i, c := range changes {
			prev, err := s.get(ctx, WeightKey(c.Route))
			if err != nil {
				return nil, err
			}
			sh := Shifted{Change: c, Previous: prev}
			if !(c.SkipIfAlready && prev == FormatWeight(c.Percent)) {
				sh.Written = true
				puts = append(puts,
					types.PutKeyRequestListItem{Key: aws.String(WeightKey(c.Route)), Value: aws.String(FormatWeight(c.Percent))},
					types.PutKeyRequestListItem{Key: aws.String(NoteKey(c.Route)), Value: aws.String(notes[i])})
			}
			res.Routes = append(res.Routes, sh)
		}
		if len(puts) == 0 {
			return res, nil
		}
		out, err := s.API.UpdateKeys(ctx, &kvs.UpdateKeysInput{KvsARN: aws.String(s.ARN), IfMatch: aws.String(etag), Puts: puts})
		if err == nil {
			res.ETag = aws.ToString(out.ETag)
			return res, nil
		}
		if !isConflict(err) {
			return nil, fmt.Errorf("writing %d key(s) to KeyValueStore %s: %w", len(puts), s.ARN, err)
		}
		if attempt >= s.attempts() {
			return nil, &ConflictError{StoreARN: s.ARN, Attempts: attempt, Last: err}
		}
		d, _ := s.backoff().BackoffDelay(attempt, err)
		if err := sleep(ctx, d); err != nil {
			return nil, fmt.Errorf("KeyValueStore %s changed under us; stopped waiting to retry: %w", s.ARN, err)
		}
	}
}

func checkChange(c Change) error {
	if err := checkRoute(c.Route); err != nil {
		return err
	}
	if err := checkPercent(c.Route, c.Percent); err != nil {
		return err
	}
	if c.By != ByShift && c.By != ByFallback {
		return fmt.Errorf("route %s: change by %q: want %q or %q", c.Route, c.By, ByShift, ByFallback)
	}
	return nil
}

// etag reads the store's current version.
func (s *Store) etag(ctx context.Context) (string, error) {
	out, err := s.API.DescribeKeyValueStore(ctx, &kvs.DescribeKeyValueStoreInput{KvsARN: aws.String(s.ARN)})
	if err != nil {
		return "", fmt.Errorf("reading the ETag of KeyValueStore %s: %w", s.ARN, err)
	}
	if aws.ToString(out.ETag) == "" {
		return "", fmt.Errorf("reading the ETag of KeyValueStore %s: the answer has no ETag", s.ARN)
	}
	return aws.ToString(out.ETag), nil
}

// get reads one key; "" when it is absent.
func (s *Store) get(ctx context.Context, key string) (string, error) {
	out, err := s.API.GetKey(ctx, &kvs.GetKeyInput{KvsARN: aws.String(s.ARN), Key: aws.String(key)})
	var nf *types.ResourceNotFoundException
	if errors.As(err, &nf) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading key %s of KeyValueStore %s: %w", key, s.ARN, err)
	}
	return aws.ToString(out.Value), nil
}
