# Sourced by the other scripts: installs the pinned CDK CLI and a supported
# Node (22; Node 20 is end-of-life for aws-cdk-lib) into .tools/, which the
# go tool ignores, and puts them first on PATH. Idempotent and quiet when
# already installed.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/.tools"
want_cdk=$(sed -n 's/.*"aws-cdk": "\(.*\)".*/\1/p' "$tools/package.json")
want_node=$(sed -n 's/.*"node": "\(.*\)".*/\1/p' "$tools/package.json")
have_cdk=$("$tools/node_modules/.bin/cdk" --version 2>/dev/null | cut -d' ' -f1 || true)
have_node=$("$tools/node_modules/.bin/node" --version 2>/dev/null || true)
if [ "$have_cdk" != "$want_cdk" ] || [ "$have_node" != "v$want_node" ]; then
  echo "installing aws-cdk@$want_cdk and node@$want_node into .tools/ ..." >&2
  # No lock file: package.json pins exact versions.
  npm install --prefix "$tools" --no-package-lock --no-audit --no-fund --loglevel=error >&2
fi
export PATH="$tools/node_modules/.bin:$PATH"
# The CLI's update notice and telemetry need a network this project does not assume.
export CDK_DISABLE_VERSION_CHECK=1 CDK_DISABLE_CLI_TELEMETRY=1
