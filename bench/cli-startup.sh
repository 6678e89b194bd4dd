#!/usr/bin/env bash
# CLI start-up against tsx, side by side, as a user gets ts-otp: npm pack, installed into a fresh
# project beside tsx, then bench/cli/startup.mjs there (a no-DSL file, a 30-line DSL file, a
# 1,000-function DSL file). TARBALL=path skips the pack; RUNS=n sets the runs per row (11).
#   bash bench/cli-startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ts-otp-startup.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
if [ -z "${TARBALL:-}" ]; then
  echo "packing ts-otp (prepack builds dist/)..." >&2
  TARBALL="$WORK/$(npm pack --pack-destination "$WORK" --silent 2>/dev/null | tail -1)"
fi
TSX_VERSION=$(node -p 'require("./node_modules/tsx/package.json").version' 2>/dev/null || echo 4) # the repo's tsx
echo "installing $TARBALL and tsx@$TSX_VERSION into $WORK/app..." >&2
mkdir "$WORK/app"
(cd "$WORK/app" && npm init -y >/dev/null && npm pkg set type=module &&
  npm install --silent --no-audit --no-fund "$TARBALL" "tsx@$TSX_VERSION") 2>&1 | grep -v "^npm warn" >&2 || true
echo "measuring..." >&2
node bench/cli/startup.mjs "$WORK/app"
