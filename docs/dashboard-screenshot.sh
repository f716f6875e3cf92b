#!/usr/bin/env bash
# Generates docs/dashboard.png: starts the embedded default (config/local.yml) on free ports in a
# scratch directory, lets it run through a burst, and photographs the dashboard with headless
# Chromium. Usage: docs/dashboard-screenshot.sh [SECONDS_TO_RUN=200] [OUT=docs/dashboard.png]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-200}
out=$(realpath -m "${2:-docs/dashboard.png}")
jar=controller/target/queue-autoscaler.jar
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z "$browser" ]]; then
  echo "no Chromium found; install it (Debian: apt-get install -y chromium)" >&2
  exit 1
fi
if [[ ! -f "$jar" ]]; then
  mvn -B -q clean package -DskipTests
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port); admin_port=$(free_port); sqs_port=$(free_port)
scratch=$(mktemp -d)
root=$(pwd)
log="$scratch/daemon.log"
(cd "$scratch" && exec env QUEUE_AUTOSCALER_PORT="$port" QUEUE_AUTOSCALER_ADMIN_PORT="$admin_port" \
  QUEUE_AUTOSCALER_SQS_PORT="$sqs_port" QUEUE_AUTOSCALER_POLICIES="$root/policies/" \
  java -jar "$root/$jar" server "$root/config/local.yml" >"$log" 2>&1) &
daemon=$!
trap 'kill "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null; rm -rf "$scratch"' EXIT

# Generous: a loaded machine may take minutes to start the JVM and the embedded services.
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$admin_port/ping" >/dev/null && break
  sleep 1
done
curl -sf "http://127.0.0.1:$admin_port/ping" >/dev/null || { echo "the daemon did not start; its log:" >&2; tail -20 "$log" >&2; exit 1; }
echo "daemon on 127.0.0.1:$port; running ${seconds}s so that the charts have a burst to show"
sleep "$seconds"

"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --hide-scrollbars \
  --window-size=1400,1750 --virtual-time-budget=20000 --screenshot="$out" \
  "http://127.0.0.1:$port/#token=${QUEUE_AUTOSCALER_ADMIN_TOKEN:-local-admin-token}" 2>/dev/null
echo "wrote $out"
