// Package duckdbcheck runs the planner's Athena SQL (planner/athena/sql) in
// DuckDB over logging v2 Parquet laid out as CloudFront delivers it, and
// checks that the Athena mode gives the numbers the local planner gives
// from the same requests as gzipped text.
//
// It is its own Go module, so that DuckDB (cgo, a 70 MB static library)
// and its dependencies stay out of the main module's build: scripts/test.sh
// runs `go test` here. What it proves and what it does not is in
// docs/planner.md ("Athena").
package duckdbcheck
