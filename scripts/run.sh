#!/usr/bin/env bash
# The project's build and test entry points (npm run build / npm test call this).
# Hardhat 3 needs Node >= 22: node_modules/.bin (the `node` package's Node 22) goes first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
export CI="${CI:-true}" # Hardhat asks no telemetry question under CI
export HARDHAT_DISABLE_TELEMETRY_PROMPT=true

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<22||(a===22&&b<13)) { console.error("zkprov needs Node >= 22.13 on PATH (run npm run setup)"); process.exit(1) }'

step() { printf '\n== %s\n' "$1"; }

# The CLI as JavaScript (bin/zkprov runs build/js/cli/main.js, refusing it when older than its sources):
# tsc -p tsconfig.build.json emits build/js (incremental; types are checked by lint). The stamp lists the
# sources bin/zkprov compares with it: tsconfig.build.json's include, the tsconfigs and the JSON modules tsc copied.
compile_cli() {
  step "CLI: TypeScript -> JavaScript (tsc -p tsconfig.build.json -> build/js)"
  mkdir -p build/js
  # Taken before tsc reads the sources: a source saved while it runs is newer than the stamp.
  touch build/js/.stamp.next
  tsc -p tsconfig.build.json
  node -e '
    const fs = require("node:fs"), path = require("node:path");
    const copied = fs.readdirSync("build/js", { recursive: true }).filter((f) => f.endsWith(".json"));
    const sources = [...require("./tsconfig.build.json").include, "tsconfig.json", "tsconfig.build.json", ...copied];
    const taken = fs.statSync("build/js/.stamp.next").mtime;
    fs.writeFileSync("build/js/.stamp.next", sources.map((s) => s.split(path.sep).join("/")).join("\n") + "\n");
    fs.utimesSync("build/js/.stamp.next", taken, taken);
  '
  mv build/js/.stamp.next build/js/.stamp
}

build() {
  compile_cli
  step "circuits (incremental)"
  tsx scripts/build-circuits.ts "$@"
  step "contracts"
  hardhat build --quiet
  step "verification page (vite build -> web/dist)"
  vite build --config web/vite.config.ts
}

lint() {
  step "typecheck (tsc --noEmit)"
  tsc --noEmit -p tsconfig.json
  tsc --noEmit -p web/tsconfig.json
  step "eslint"
  eslint --max-warnings 0 .
  step "prettier --check"
  prettier --check --log-level warn .
  step "solhint"
  solhint --max-warnings 0 'contracts/**/*.sol'
}

test_all() {
  build
  lint
  step "off-chain tests: circuits, verifier, prover, build, CLI, verification page (mocha)"
  mocha
  step "contract tests: Solidity (fuzz, invariants) and mocha with real proofs (hardhat test)"
  hardhat test solidity
  hardhat test mocha
}

case "${1:-}" in
  build) shift; build "$@" ;;
  lint) lint ;;
  test) test_all ;;
  *) echo "usage: scripts/run.sh build|lint|test" >&2; exit 2 ;;
esac
