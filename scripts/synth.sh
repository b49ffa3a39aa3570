#!/usr/bin/env bash
# Set up from a fresh clone and synthesize the stack of routes.yaml into cdk.out/.
# Extra arguments go to `cdk synth`, e.g. scripts/synth.sh -c manifest=other.yaml
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh
go mod download
cdk synth --quiet "$@"
echo "synthesized: cdk.out/ApiMigration.template.json" >&2
