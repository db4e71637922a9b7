#!/usr/bin/env bash
# trialgraph benchmark: builds trialgraph, bench/rawload, bench/synth and
# bench/run, then runs bench/run, which prints one table for 1k, 10k and
# 100k synthetic studies (--full adds 600k) and whether each target is met.
# Progress goes to stderr, the table to stdout.
#
#   bench/run.sh [--full] [--sizes 1000,10000] [--postgres URL] [--repeat N] [--work DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(mktemp -d)"
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/trialgraph" ./cmd/trialgraph
go build -o "$bin/rawload" ./bench/rawload
go build -o "$bin/synth" ./bench/synth
go build -o "$bin/run" ./bench/run
args=()
for a in "$@"; do
  case "$a" in
    --*) args+=("-${a#--}") ;;
    *) args+=("$a") ;;
  esac
done
"$bin/run" -bin "$bin" "${args[@]}"
