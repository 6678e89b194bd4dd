#!/usr/bin/env bash
# What the silent-mistake checks (transformer/checks.ts) cost, side by side with a baseline
# revision of the compiler (default: the commit before they were added):
#   1. compile() of a 1,000-line DSL file (median of many runs, in one process per tree);
#   2. `tspc --noEmit` on a project of 10 DSL files whose Msg types and pattern constants are
#      imported from another module (so the ts-patch door creates the checker it asks).
# Run: bash bench/checks/cost.sh [BASE_REV]     (RUNS=n for more tspc runs; default 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
BASE_REV=${1:-9a246a1}
RUNS=${RUNS:-5}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$WORK/base"
git archive "$BASE_REV" transformer runtime integrations package.json | tar -x -C "$WORK/base"
ln -s "$REPO/node_modules" "$WORK/base/node_modules"

# ---- the inputs ----
node bench/checks/make-inputs.mjs "$WORK"

# ---- 1. compile() ----
for tree in "$WORK/base" "$REPO"; do
  label=$([ "$tree" = "$REPO" ] && echo "with checks" || echo "baseline   ")
  echo -n "compile() 1,000-line file, $label: "
  node --import tsx -e "
    const { compile } = await import('$tree/transformer/index.ts');
    const src = (await import('node:fs')).readFileSync('$WORK/big.ts', 'utf8');
    const r = compile('big.ts', src); if (r.diagnostics.length) throw new Error(JSON.stringify(r.diagnostics[0]));
    const t = []; for (let i = 0; i < 60; i++) { const s = performance.now(); compile('big.ts', src); t.push(performance.now() - s); }
    t.sort((a, b) => a - b); console.log(t[30].toFixed(2) + ' ms (median of 60)');"
done

# ---- 2. tspc --noEmit, alternating ----
for tree in base head; do
  mkdir -p "$WORK/p-$tree/node_modules"
  ln -s "$([ $tree = head ] && echo "$REPO" || echo "$WORK/base")" "$WORK/p-$tree/node_modules/ts-otp"
  cp "$WORK"/project/* "$WORK/p-$tree/"
done
declare -A total=([base]=0 [head]=0)
for i in $(seq "$RUNS"); do
  for tree in base head; do
    s=$(date +%s%N)
    node "$REPO/node_modules/ts-patch/bin/tspc.js" -p "$WORK/p-$tree" >/dev/null
    total[$tree]=$(( total[$tree] + ($(date +%s%N) - s) / 1000000 ))
  done
done
echo "tspc --noEmit, 10 DSL files, mean of $RUNS: baseline ${total[base]}/$RUNS ms = $(( total[base] / RUNS )) ms, with checks $(( total[head] / RUNS )) ms"
