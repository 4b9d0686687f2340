#!/usr/bin/env bash
# Retakes the README's newsroom screenshots (editor at 1280 and 390 px, live desk and the reader's
# live page at 390 px) against a demo you started yourself, e.g.:
#   SAMIZDAT_DATA_DIR=target/shots-data SAMIZDAT_DEMO_CONTENT=true PORT=8194 \
#     SAMIZDAT_BASE_URL=http://localhost:8194 java -jar target/samizdat.jar
# then:   docs/screenshots/take.sh http://localhost:8194 <the sign-in link it printed>
# (or "-" instead of the link to sign in as EMAIL/PASSWORD, default admin@samizdat.local).
# It writes a new article and a live page into that demo. Needs Debian's chromium,
# chromium-driver and node (18+); not part of `mvn test`. Scale down with ImageMagick if needed.
set -euo pipefail
base=${1:?base URL, e.g. http://localhost:8194}
link=${2:?the first admin\'s one-time sign-in link, or -}
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here}
port=${CHROMEDRIVER_PORT:-9594}
profile=$(mktemp -d)
chromedriver --port="$port" >/dev/null 2>&1 &
driver=$!
trap 'kill "$driver" 2>/dev/null; rm -rf "$profile"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/status" >/dev/null && break; sleep 0.1; done
CHROMEDRIVER_URL="http://127.0.0.1:$port" PROFILE_DIR="$profile" node "$here/take.mjs" "$base" "$link" "$out"
