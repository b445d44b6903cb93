#!/usr/bin/env bash
# Install everything on a fresh Debian machine whose system Node may be older than Hardhat 3 needs.
#  1. System packages the tests drive for real (Debian's redis-server and chromium): installed when run as
#     root and missing; otherwise we stop at once with the exact command to run.
#  2. A Node 22 binary (the `node` npm package) into .tools/: npm installs Hardhat's native EDR binding only
#     when npm itself runs under Node >= 22.
#  3. `npm ci` from the complete lock (every platform's optional packages listed, as npm writes it), so the
#     install is reproducible and never rewrites package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_VERSION=22.23.3
SYSTEM_PACKAGES=(redis-server chromium)

missing_system_packages() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  echo "${missing[@]:-}"
}

missing=$(missing_system_packages)
if [ -n "$missing" ]; then
  install_cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing Debian packages: $missing"
    apt-get update -q
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
    missing=$(missing_system_packages)
    [ -z "$missing" ] || { echo "bootstrap: still missing after apt-get: $missing" >&2; exit 1; }
  else
    echo "bootstrap: the tests need Debian's ${SYSTEM_PACKAGES[*]}; missing: $missing" >&2
    echo "bootstrap: run as root:  $install_cmd" >&2
    echo "bootstrap: then run npm run setup again" >&2
    exit 1
  fi
fi

if ! { [ -x .tools/node_modules/.bin/node ] && [ "$(.tools/node_modules/.bin/node -v)" = "v$NODE_VERSION" ]; }; then
  echo "bootstrap: installing node@$NODE_VERSION into .tools/"
  mkdir -p .tools
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix .tools "node@$NODE_VERSION" >/dev/null
fi
export PATH="$PWD/.tools/node_modules/.bin:$PATH"

echo "bootstrap: npm ci (from package-lock.json) under node $(node -v), npm $(npm -v)"
npm ci --no-audit --no-fund

# Fail loudly if the EDR binding did not install: Hardhat would die later with a less clear message.
node -e "require('@nomicfoundation/edr')" 2>/dev/null || {
  echo "bootstrap: Hardhat's EDR native binding (@nomicfoundation/edr) is missing or does not load under $(node -v)" >&2
  echo "bootstrap: npm must run under Node >= 22 (.tools/node_modules/.bin first on PATH); remove node_modules and run npm run setup again" >&2
  exit 1
}
echo "bootstrap: done (node_modules/.bin/node is $(node_modules/.bin/node -v))"
