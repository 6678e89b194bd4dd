#!/usr/bin/env bash
# npm run bench: ts-otp, the floor and the BEAM side by side on every workload (see bench/README.md).
#   QUICK=1 npm run bench        smaller sizes: a smoke run of well under a minute
#   RUNS=n, ONLY=ring,pingpong   narrow a run;  DIAG=1 adds the floor-with-yield* column
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v erl >/dev/null 2>&1; then
  echo "erl not found: installing erlang-nox with apt-get" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y erlang-nox >&2 || { $SUDO apt-get update >&2 && $SUDO apt-get install -y erlang-nox >&2; }
fi

mkdir -p bench/results/ebin
erlc -o bench/results/ebin bench/erlang/bench.erl

exec node --import tsx bench/run.ts
