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

build() {
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
