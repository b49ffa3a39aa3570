package athena

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/strangler-fig/strangler/awslimits"
)

// API is the part of the Athena client a Runner calls.
type API interface {
	StartQueryExecution(context.Context, *athena.StartQueryExecutionInput, ...func(*athena.Options)) (*athena.StartQueryExecutionOutput, error)
	GetQueryExecution(context.Context, *athena.GetQueryExecutionInput, ...func(*athena.Options)) (*athena.GetQueryExecutionOutput, error)
	GetQueryResults(context.Context, *athena.GetQueryResultsInput, ...func(*athena.Options)) (*athena.GetQueryResultsOutput, error)
	StopQueryExecution(context.Context, *athena.StopQueryExecutionInput, ...func(*athena.Options)) (*athena.StopQueryExecutionOutput, error)
}

// Runner runs one query at a time in a workgroup and reads its results.
// Throttled calls are retried by the SDK's retryer (TooManyRequestsException
// and ThrottlingException are among its retryable codes).
type Runner struct {
	API API
	// WorkGroup (stack output LogWorkGroup): its enforced configuration
	// decides where results go, their encryption and the scan cutoff.
	WorkGroup string
	// PollEvery is the first wait between status checks, doubled up to
	// PollMax. Defaults: 250 ms and 5 s.
	PollEvery, PollMax time.Duration
	// Timeout of each query, after which it is stopped. Default: 30 minutes.
	Timeout time.Duration
	// Log, if set, says what runs and what it scanned.
	Log io.Writer
}

// Result is a query's columns and rows (nil: SQL NULL) and what it scanned.
type Result struct {
	ID           string
	Columns      []string
	Rows         [][]*string
	ScannedBytes int64
}

// QueryError is a query that Athena ran and did not finish.
type QueryError struct {
	Name, ID, State, Reason string
	// Category and Type are Athena's error category (1 system, 2 user,
	// 3 other) and type; Retryable says Athena judged it so.
	Category, Type int32
	Retryable      bool
}

func (e *QueryError) Error() string {
	msg := fmt.Sprintf("athena query %s (%s) %s", e.Name, e.ID, e.State)
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	if e.State == string(types.QueryExecutionStateFailed) && e.Category == 2 {
		msg += " (an error in the query or its data: see the SQL with --dry-run)"
	}
	return msg
}

// Run starts sql, waits for it and reads every page of its results.
func (r *Runner) Run(ctx context.Context, name, sql string) (*Result, error) {
	every, most, timeout := r.PollEvery, r.PollMax, r.Timeout
	if every <= 0 {
		every = 250 * time.Millisecond
	}
	if most <= 0 {
		most = 5 * time.Second
	}
	if timeout <= 0 {
		timeout = 30 * time.Minute
	}
	start, err := r.API.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{
		QueryString: aws.String(sql),
		WorkGroup:   aws.String(r.WorkGroup),
	})
	if err != nil {
		return nil, fmt.Errorf("athena query %s: starting it: %w", name, err)
	}
	id := aws.ToString(start.QueryExecutionId)
	if r.Log != nil {
		fmt.Fprintf(r.Log, "Athena: %s running as %s\n", name, id)
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	stop := func(why string) error {
		// A fresh context: the caller's may be what ended.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_, serr := r.API.StopQueryExecution(sctx, &athena.StopQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if serr != nil {
			return fmt.Errorf("athena query %s (%s) %s, and stopping it failed: %v", name, id, why, serr)
		}
		return fmt.Errorf("athena query %s (%s) stopped: %s", name, id, why)
	}
	var scanned int64
	for wait := every; ; wait = min(2*wait, most) {
		out, err := r.API.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil {
			if ctx.Err() != nil {
				return nil, stop(ctx.Err().Error())
			}
			return nil, fmt.Errorf("athena query %s (%s): checking its state: %w", name, id, err)
		}
		q := out.QueryExecution
		if q == nil || q.Status == nil {
			return nil, fmt.Errorf("athena query %s (%s): GetQueryExecution returned no status", name, id)
		}
		if q.Statistics != nil {
			scanned = aws.ToInt64(q.Statistics.DataScannedInBytes)
		}
		state := q.Status.State
		if state == types.QueryExecutionStateSucceeded {
			break
		}
		if state == types.QueryExecutionStateFailed || state == types.QueryExecutionStateCancelled {
			e := &QueryError{Name: name, ID: id, State: string(state), Reason: aws.ToString(q.Status.StateChangeReason)}
			if ae := q.Status.AthenaError; ae != nil {
				e.Category, e.Type = aws.ToInt32(ae.ErrorCategory), aws.ToInt32(ae.ErrorType)
				e.Retryable = ae.Retryable
			}
			return nil, e
		}
		select {
		case <-ctx.Done():
			return nil, stop(ctx.Err().Error())
		case <-deadline.C:
			return nil, stop(fmt.Sprintf("still %s after %s (raise --athena-timeout)", state, timeout))
		case <-time.After(wait):
		}
	}
	res := &Result{ID: id, ScannedBytes: scanned}
	pages := athena.NewGetQueryResultsPaginator(r.API, &athena.GetQueryResultsInput{
		QueryExecutionId: aws.String(id),
		MaxResults:       aws.Int32(awslimits.AthenaMaxResultsPerPage),
	})
	first := true
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("athena query %s (%s): reading results: %w", name, id, err)
		}
		if page.ResultSet == nil {
			continue
		}
		if res.Columns == nil && page.ResultSet.ResultSetMetadata != nil {
			for _, c := range page.ResultSet.ResultSetMetadata.ColumnInfo {
				res.Columns = append(res.Columns, aws.ToString(c.Name))
			}
		}
		for _, row := range page.ResultSet.Rows {
			if first { // a SELECT's first row repeats the column names
				first = false
				continue
			}
			vals := make([]*string, len(row.Data))
			for i, d := range row.Data {
				vals[i] = d.VarCharValue
			}
			res.Rows = append(res.Rows, vals)
		}
	}
	if r.Log != nil {
		fmt.Fprintf(r.Log, "Athena: %s scanned %s, %d row(s)\n", name, HumanBytes(scanned), len(res.Rows))
	}
	return res, nil
}

// ErrNoColumn is returned when a result lacks a column the planner reads.
var ErrNoColumn = errors.New("result has no such column")

// HumanBytes writes n in decimal units (as Athena bills).
func HumanBytes(n int64) string {
	f := float64(n)
	for _, u := range []string{"B", "KB", "MB", "GB", "TB"} {
		if f < 1000 || u == "TB" {
			if u == "B" {
				return fmt.Sprintf("%d B", n)
			}
			return fmt.Sprintf("%.1f %s", f, u)
		}
		f /= 1000
	}
	return ""
}
