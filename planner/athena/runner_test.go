package athena_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/planner/athena"
	"github.com/strangler-fig/strangler/planner/athena/athenatest"
)

func fastRunner(s *athenatest.Server, attempts int) *athena.Runner {
	return &athena.Runner{API: s.Client(attempts), WorkGroup: "planner-wg", PollEvery: time.Millisecond, PollMax: 4 * time.Millisecond}
}

func TestRunnerPollsUntilDoneAndReadsEveryPage(t *testing.T) {
	var rows [][]*string
	for i := range 2345 {
		rows = append(rows, athenatest.Strings(fmt.Sprint(i), fmt.Sprintf("/p/%d", i)))
	}
	rows[7][1] = nil // a NULL cell
	s := athenatest.New(func(sql string) athenatest.Answer {
		return athenatest.Answer{States: []string{"QUEUED", "RUNNING", "RUNNING", "SUCCEEDED"}, Columns: []string{"n", "stem"}, Rows: rows, Scanned: 123456}
	})
	defer s.Close()
	res, err := fastRunner(s, 1).Run(context.Background(), "paths.sql", "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != len(rows) || *res.Rows[0][0] != "0" || *res.Rows[2344][1] != "/p/2344" || res.Rows[7][1] != nil {
		t.Fatalf("got %d rows (first %v), want %d without the header row", len(res.Rows), res.Rows[0], len(rows))
	}
	if !slices.Equal(res.Columns, []string{"n", "stem"}) || res.ScannedBytes != 123456 {
		t.Errorf("columns %v, scanned %d", res.Columns, res.ScannedBytes)
	}
	calls := s.Calls()
	polls, pages := 0, 0
	for _, c := range calls {
		polls += b2i(c == "GetQueryExecution")
		pages += b2i(c == "GetQueryResults")
	}
	if polls != 4 || pages != 3 { // 2346 rows with the header, 1000 a page
		t.Errorf("%d polls and %d pages, want 4 and 3: %v", polls, pages, calls)
	}
	if s.WorkGroups[0] != "planner-wg" {
		t.Errorf("workgroup %q", s.WorkGroups[0])
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestRunnerReportsFailedAndCancelledQueries(t *testing.T) {
	for _, state := range []string{"FAILED", "CANCELLED"} {
		s := athenatest.New(func(string) athenatest.Answer {
			return athenatest.Answer{States: []string{"RUNNING", state}, Reason: "COLUMN_NOT_FOUND: line 3:5: Column 'cs_uri_stem' cannot be resolved", ErrorCategory: 2, ErrorType: 1006}
		})
		_, err := fastRunner(s, 1).Run(context.Background(), "routes.sql", "SELECT")
		s.Close()
		var qe *athena.QueryError
		if !errors.As(err, &qe) || qe.State != state || qe.Category != 2 || !strings.Contains(err.Error(), "cs_uri_stem") || !strings.Contains(err.Error(), "routes.sql") {
			t.Errorf("%s: error %v, want a QueryError naming the query, its state and Athena's reason", state, err)
		}
	}
}

func TestRunnerStopsAQueryThatTimesOutOrIsCancelled(t *testing.T) {
	s := athenatest.New(func(string) athenatest.Answer { return athenatest.Answer{States: []string{"RUNNING"}} })
	defer s.Close()
	r := fastRunner(s, 1)
	r.Timeout = 30 * time.Millisecond
	_, err := r.Run(context.Background(), "seconds.sql", "SELECT")
	if err == nil || !strings.Contains(err.Error(), "--athena-timeout") || len(s.Stopped) != 1 {
		t.Errorf("timeout: error %v, stopped %v; want a stop and a hint", err, s.Stopped)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	r.Timeout = time.Hour
	_, err = r.Run(ctx, "seconds.sql", "SELECT")
	if err == nil || len(s.Stopped) != 2 || !strings.Contains(err.Error(), "stopped") {
		t.Errorf("cancel: error %v, stopped %v; want the query stopped on Athena too", err, s.Stopped)
	}
}

func TestRunnerRetriesThrottledCalls(t *testing.T) {
	s := athenatest.New(func(string) athenatest.Answer {
		return athenatest.Answer{Columns: []string{"a"}, Rows: [][]*string{athenatest.Strings("1")}}
	})
	defer s.Close()
	s.Throttle = 2 // StartQueryExecution refused twice, then accepted
	res, err := fastRunner(s, 5).Run(context.Background(), "hosts.sql", "SELECT")
	if err != nil || len(res.Rows) != 1 {
		t.Fatalf("with retries: %v %v", res, err)
	}
	if calls := s.Calls(); calls[0] != "StartQueryExecution" || calls[2] != "StartQueryExecution" || len(s.SQL) != 1 {
		t.Errorf("calls %v, want StartQueryExecution tried 3 times and started once", calls)
	}
	s.Throttle = 5
	_, err = fastRunner(s, 1).Run(context.Background(), "hosts.sql", "SELECT")
	if err == nil || !strings.Contains(err.Error(), "TooManyRequestsException") {
		t.Errorf("without retries: %v, want the throttling error", err)
	}
}
