#!/usr/bin/env bash
# npm run demo [-- --json] [-- --out DIR]: runs scripts/demo.ts (it starts its own local hardhat node).
# The flags become environment variables:
#   --json     -> ZKPROV_DEMO_JSON=1   (only one JSON object on stdout; the story goes to stderr)
#   --out DIR  -> ZKPROV_DEMO_OUT=DIR  (output folder; default demo-output/ in the repository root)
set -euo pipefail
while [ $# -gt 0 ]; do
  case "$1" in
    --json) export ZKPROV_DEMO_JSON=1 ;;
    --out)
      [ $# -ge 2 ] || { echo "demo: --out needs a folder" >&2; exit 2; }
      case "$2" in /*) export ZKPROV_DEMO_OUT="$2" ;; *) export ZKPROV_DEMO_OUT="$PWD/$2" ;; esac
      shift
      ;;
    -h | --help)
      echo "usage: npm run demo [-- --json] [-- --out DIR]" >&2
      exit 0
      ;;
    *) echo "demo: unknown argument $1 (usage: npm run demo [-- --json] [-- --out DIR])" >&2; exit 2 ;;
  esac
  shift
done
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
export CI="${CI:-true}"
export HARDHAT_DISABLE_TELEMETRY_PROMPT=true
# Compile first (incremental; its messages go to stderr so that --json keeps stdout to the one JSON object).
hardhat build --quiet >&2
exec tsx scripts/demo.ts
