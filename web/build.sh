#!/usr/bin/env bash
# Re-vendor the widget's third-party files from npm (run after `npm install`
# or when bumping versions). The served page needs no build step: it loads
# the files copied here.
#   static/vendor/socket.io.min.js (+ .map, LICENSE)  <- socket.io-client 4.x browser build
#   dev/vendor/axe.min.js (+ LICENSE)                  <- axe-core, for the browser tests only
#                                                          (deliberately NOT in the served static/)
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules/socket.io-client ] || [ ! -d node_modules/axe-core ]; then
  npm ci --no-audit --no-fund
fi
mkdir -p static/vendor dev/vendor
sio=node_modules/socket.io-client
cp "$sio/dist/socket.io.min.js" "$sio/dist/socket.io.min.js.map" static/vendor/
cp "$sio/LICENSE" static/vendor/socket.io-client.LICENSE
cp node_modules/axe-core/axe.min.js dev/vendor/axe.min.js
cp node_modules/axe-core/LICENSE dev/vendor/axe-core.LICENSE
{
  echo "Vendored by web/build.sh on $(date -u +%Y-%m-%d) - do not edit by hand."
  echo "socket.io-client $(node -p "require('./$sio/package.json').version") (MIT): socket.io.min.js, socket.io.min.js.map, socket.io-client.LICENSE"
} > static/vendor/README.txt
{
  echo "Vendored by web/build.sh on $(date -u +%Y-%m-%d) - test-only, not served."
  echo "axe-core $(node -p "require('./node_modules/axe-core/package.json').version") (MPL-2.0): axe.min.js, axe-core.LICENSE"
} > dev/vendor/README.txt
echo "vendored: socket.io-client $(node -p "require('./$sio/package.json').version"), axe-core $(node -p "require('./node_modules/axe-core/package.json').version")"
