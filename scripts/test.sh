#!/usr/bin/env bash
# Every test: vet, Go tests (manifest, constructs, stack templates and golden
# copy, Lambda adapter and handlers against a real MariaDB, planner, fuzz seed
# corpora), and the CloudFront Function's own tests in Node.
# Installs what it needs: the pinned Node/CDK CLI (.tools/) and mariadb-server.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh
go mod download

# One MariaDB on loopback for the whole run; stopped however we exit.
eval "$(scripts/mariadb.sh start)"
trap 'scripts/mariadb.sh stop "$STRANGLER_MARIADB_DIR"' EXIT

echo "== go vet"
go vet ./...
echo "== go test"
go test -count=1 -timeout 30m ./...
echo "== node --test (CloudFront Functions, the jsii kernel wrapper)"
node --test constructs/*.test.mjs internal/jsiidirect/*.test.mjs
# The Athena SQL run by DuckDB against the local planner: its own module
# (cgo, DuckDB's static library), so the main build needs neither.
echo "== go test (Athena SQL in DuckDB, planner/athena/duckdbcheck)"
(cd planner/athena/duckdbcheck && go vet ./... && go test -count=1 -timeout 20m ./...)
