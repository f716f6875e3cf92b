#!/usr/bin/env bash
# Lease renewals over HTTP on loopback: starts the daemon on the embedded default
# (config/local.yml) with a fixed, idle pool of 32 local instances, runs
# LeaseRenewalLoad.java against it for a fixed time, prints renewals/s and latency
# percentiles, and stops the daemon.
#
#   benchmarks/lease-renewals.sh [connections] [seconds]
#
# Ports: QUEUE_AUTOSCALER_PORT (default 18080), QUEUE_AUTOSCALER_ADMIN_PORT (18081),
# QUEUE_AUTOSCALER_SQS_PORT (19324). Everything binds to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS="${1:-8}"
SECONDS_MEASURED="${2:-30}"
export QUEUE_AUTOSCALER_PORT="${QUEUE_AUTOSCALER_PORT:-18080}"
export QUEUE_AUTOSCALER_ADMIN_PORT="${QUEUE_AUTOSCALER_ADMIN_PORT:-18081}"
export QUEUE_AUTOSCALER_SQS_PORT="${QUEUE_AUTOSCALER_SQS_PORT:-19324}"
JAR=controller/target/queue-autoscaler.jar
LOG="$(mktemp -t lease-renewals-daemon.XXXXXX.log)"

if [ ! -f "$JAR" ]; then
  mvn -B -q clean package -DskipTests
fi

java -Xms512m -Xmx512m ${DAEMON_JAVA_OPTS:-} \
  -Ddw.policiesDirectory=benchmarks/lease-renewals-policy/ \
  -Ddw.database.url="jdbc:h2:mem:lease-renewals;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE" \
  -Ddw.local.bootSeconds=0 \
  -Ddw.local.initialCapacity=32 \
  -Ddw.local.load[0].messagesPerSecond=0 \
  -Ddw.local.load[1].messagesPerSecond=0 \
  -jar "$JAR" server config/local.yml >"$LOG" 2>&1 &
DAEMON=$!
trap 'kill "$DAEMON" 2>/dev/null; wait "$DAEMON" 2>/dev/null || true' EXIT

echo "daemon pid $DAEMON, log $LOG; waiting for 32 instances in service"
for _ in $(seq 1 60); do
  COUNT=$(curl -s -H 'Authorization: Bearer local-admin-token' \
    "http://127.0.0.1:$QUEUE_AUTOSCALER_PORT/v1/policies/renewals" 2>/dev/null | grep -o '"InService"' | wc -l || true)
  [ "$COUNT" -ge 32 ] && break
  sleep 1
done

java benchmarks/LeaseRenewalLoad.java --port "$QUEUE_AUTOSCALER_PORT" --policy renewals \
  --connections "$CONNECTIONS" --warmup 10 --seconds "$SECONDS_MEASURED"
