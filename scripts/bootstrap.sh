#!/usr/bin/env bash
# Install everything on a fresh machine whose system Node may be older than Hardhat 3 needs.
# npm installs Hardhat's native EDR binding only when npm itself runs under Node >= 22, so we first
# put a Node 22 binary (the `node` npm package) into .tools/ and run npm with it first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_VERSION=22.23.3
need_bootstrap=1
if [ -x .tools/node_modules/.bin/node ] && [ "$(.tools/node_modules/.bin/node -v)" = "v$NODE_VERSION" ]; then
  need_bootstrap=0
fi
if [ "$need_bootstrap" = 1 ]; then
  echo "bootstrap: installing node@$NODE_VERSION into .tools/"
  mkdir -p .tools
  npm install --silent --no-save --no-package-lock --prefix .tools "node@$NODE_VERSION" >/dev/null
fi
export PATH="$PWD/.tools/node_modules/.bin:$PATH"
echo "bootstrap: npm install (from package-lock.json) under $(node -v)"
# Not `npm ci`: the registry here has no darwin/win32 builds of Hardhat's optional EDR packages, so the lock
# cannot list them and `npm ci` refuses it as out of sync. `npm install` installs the locked versions; the
# check below fails if it had to change the lock.
lock_before=$(sha256sum package-lock.json)
npm install --no-audit --no-fund
if [ "$(sha256sum package-lock.json)" != "$lock_before" ]; then
  echo "bootstrap: npm changed package-lock.json; commit the new lock or fix package.json" >&2
  exit 1
fi
# Fail loudly if the EDR binding did not install: Hardhat would die later with a less clear message.
node -e "require('@nomicfoundation/edr')" || { echo "bootstrap: Hardhat's EDR native binding is missing" >&2; exit 1; }
echo "bootstrap: done (node_modules/.bin/node is $(node_modules/.bin/node -v))"
