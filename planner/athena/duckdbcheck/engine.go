package duckdbcheck

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" database/sql driver

	"github.com/strangler-fig/strangler/planner/athena"
	"github.com/strangler-fig/strangler/planner/athena/athenatest"
)

// Dialect is all that DuckDB needs to run the Athena SQL as written: Trino's
// regexp_like (a partial match, as DuckDB's regexp_matches). Every other
// function the queries call (try_cast, date_diff, count_if, log2, power,
// nullif, concat, greatest, least) means the same in both engines.
const Dialect = `CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p);`

// Engine is a DuckDB database with the Glue table emulated: a view
// database.table over every Parquet file under root (the delivery's
// AWSLogs/<account>/CloudFront/ folder), whose partition columns come from
// each file's folders <distribution>/<yyyy>/<MM>/<dd>/<HH>/, as partition
// projection's storage.location.template reads them.
type Engine struct {
	DB *sql.DB
}

// Open makes the engine.
func Open(root, database, table string) (*Engine, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one connection: the macro and the view live in it
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	glob := strings.TrimSuffix(root, "/") + "/*/*/*/*/*/*.parquet"
	stmts := []string{
		Dialect,
		"CREATE SCHEMA " + quote(database),
		fmt.Sprintf(`CREATE VIEW %s.%s AS
SELECT * EXCLUDE (filename, parts),
  parts[-6] AS distributionid,
  CAST(parts[-5] AS INTEGER) AS year, CAST(parts[-4] AS INTEGER) AS month,
  CAST(parts[-3] AS INTEGER) AS day, CAST(parts[-2] AS INTEGER) AS hour
FROM (SELECT *, string_split(filename, '/') AS parts FROM read_parquet('%s', filename = true, union_by_name = true))`,
			quote(database), quote(table), strings.ReplaceAll(glob, "'", "''")),
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			db.Close()
			return nil, fmt.Errorf("%s: %w", s, err)
		}
	}
	return &Engine{DB: db}, nil
}

// Run is athena.Querier: the rows as Athena returns them, strings or NULL.
func (e *Engine) Run(ctx context.Context, name, query string) (*athena.Result, error) {
	rows, err := e.DB.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("duckdb: %s: %w", name, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	res := &athena.Result{ID: name, Columns: cols}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]*string, len(cols))
		for i, v := range vals {
			if v != nil {
				s := fmt.Sprint(v)
				row[i] = &s
			}
		}
		res.Rows = append(res.Rows, row)
	}
	return res, rows.Err()
}

// Answer is an athenatest.Engine: the stub answers every query with
// DuckDB's result, so the real SDK client and the Runner carry it.
func (e *Engine) Answer(query string) athenatest.Answer {
	r, err := e.Run(context.Background(), "stub", query)
	if err != nil {
		return athenatest.Answer{States: []string{"RUNNING", "FAILED"}, Reason: err.Error(), ErrorCategory: 2}
	}
	return athenatest.Answer{States: []string{"QUEUED", "RUNNING", "SUCCEEDED"}, Columns: r.Columns, Rows: r.Rows}
}
