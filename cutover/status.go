package cutover

import (
	"context"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	kvs "github.com/aws/aws-sdk-go-v2/service/cloudfrontkeyvaluestore"

	"github.com/strangler-fig/strangler/awslimits"
)

// Route is a migrated route as the manifest has it.
type Route struct {
	Template string // e.g. /user/{id}
	Weight   int    // the manifest's weight: what applies without a w: key
	// Function is the deployed name of the Lambda serving it
	// (lambda.namePrefix + function) and Database the manifest database
	// it connects to ("" for none): whose alarms send it back (RouteAlarms).
	Function, Database string
}

// Source says where a route's weight comes from.
type Source string

const (
	FromStore    Source = "store"    // its w: key
	FromManifest Source = "manifest" // no (valid) w: key: the manifest's weight
)

// RouteStatus is one route's current weight and why.
type RouteStatus struct {
	Route          string
	Weight         int
	Source         Source
	ManifestWeight int
	// InManifest is false for a route the store has keys for but the
	// manifest no longer lists as a Lambda route (left over from a removed
	// route: harmless, the function reads only its routes' keys).
	InManifest bool
	Note       *Note // the last change; nil when none was recorded
	Problem    string
}

// Status reads every key of the store (all pages of ListKeys) and returns
// each route's weight, where it comes from and its last change: the
// manifest's routes in their order, then routes only the store knows,
// sorted.
func (s *Store) Status(ctx context.Context, routes []Route) ([]RouteStatus, error) {
	weights, notes := map[string]string{}, map[string]string{}
	p := kvs.NewListKeysPaginator(s.API, &kvs.ListKeysInput{
		KvsARN:     aws.String(s.ARN),
		MaxResults: aws.Int32(awslimits.KeyValueStoreListKeysMaxResults),
	})
	for page := 1; p.HasMorePages(); page++ {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing the keys of KeyValueStore %s (page %d): %w", s.ARN, page, err)
		}
		for _, it := range out.Items {
			switch prefix, route, ok := routeOfKey(aws.ToString(it.Key)); {
			case !ok:
			case prefix == WeightPrefix:
				weights[route] = aws.ToString(it.Value)
			default:
				notes[route] = aws.ToString(it.Value)
			}
		}
	}

	var out []RouteStatus
	known := map[string]bool{}
	for _, r := range routes {
		known[r.Template] = true
		out = append(out, status(r, true, weights, notes))
	}
	var extra []string
	for route := range weights {
		if !known[route] {
			extra = append(extra, route)
		}
	}
	for route := range notes {
		if _, w := weights[route]; !w && !known[route] {
			extra = append(extra, route)
		}
	}
	sort.Strings(extra)
	for _, route := range extra {
		out = append(out, status(Route{Template: route}, false, weights, notes))
	}
	return out, nil
}

func status(r Route, inManifest bool, weights, notes map[string]string) RouteStatus {
	st := RouteStatus{Route: r.Template, Weight: r.Weight, Source: FromManifest, ManifestWeight: r.Weight, InManifest: inManifest}
	if v, ok := weights[r.Template]; ok {
		if w, err := ParseWeight(v); err != nil {
			st.Problem = fmt.Sprintf("key %s holds %q, not a weight 0..100: shift the route again to repair it", WeightKey(r.Template), v)
		} else {
			st.Weight, st.Source = w, FromStore
		}
	}
	if v, ok := notes[r.Template]; ok {
		if n, err := DecodeNote(v); err != nil {
			st.Problem = joinProblem(st.Problem, fmt.Sprintf("key %s: %v", NoteKey(r.Template), err))
		} else {
			st.Note = &n
		}
	}
	return st
}

func joinProblem(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
