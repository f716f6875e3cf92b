#!/usr/bin/env bash
# Lease renewals over HTTP on loopback, measuring the daemon: starts it on the embedded default
# (config/local.yml, its H2 file database in a temporary directory, so every renewal is committed
# to disk before it is answered) with a fixed pool of 500 idle local instances (their workers
# long-poll an empty queue: 25 requests/s between them, not a busy loop), then runs
# LeaseRenewalLoad.java at 8 and then 32 connections against 500 instances x 4 holders, each run
# warmed up before it is measured, prints renewals/s and latency percentiles and the load average,
# and stops the daemon.
#
#   benchmarks/lease-renewals.sh [seconds measured per run, default 30]
#
# DATABASE_URL overrides the database (e.g. jdbc:h2:mem:... to see what the disk costs).
# Ports: QUEUE_AUTOSCALER_PORT (default 18080), QUEUE_AUTOSCALER_ADMIN_PORT (18081),
# QUEUE_AUTOSCALER_SQS_PORT (19324). Everything binds to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_MEASURED="${1:-30}"
HOLDERS="${HOLDERS:-4}"
INSTANCES=500 # the policy's min = max
export QUEUE_AUTOSCALER_PORT="${QUEUE_AUTOSCALER_PORT:-18080}"
export QUEUE_AUTOSCALER_ADMIN_PORT="${QUEUE_AUTOSCALER_ADMIN_PORT:-18081}"
export QUEUE_AUTOSCALER_SQS_PORT="${QUEUE_AUTOSCALER_SQS_PORT:-19324}"
JAR=controller/target/queue-autoscaler.jar
WORK="$(mktemp -d -t lease-renewals.XXXXXX)"
LOG="$WORK/daemon.log"
DATABASE_URL="${DATABASE_URL:-jdbc:h2:file:$WORK/queue-autoscaler;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE}"

if [ ! -f "$JAR" ]; then
  mvn -B -q clean package -DskipTests
fi

java -Xms768m -Xmx768m ${DAEMON_JAVA_OPTS:-} \
  -Ddw.policiesDirectory=benchmarks/lease-renewals-policy/ \
  -Ddw.database.url="$DATABASE_URL" \
  -Ddw.database.maxSize=16 \
  -Ddw.local.bootSeconds=0 \
  -Ddw.local.initialCapacity=$INSTANCES \
  -Ddw.local.load[0].messagesPerSecond=0 \
  -Ddw.local.load[1].messagesPerSecond=0 \
  -Ddw.logging.level=WARN \
  -jar "$JAR" server config/local.yml >"$LOG" 2>&1 &
DAEMON=$!
trap 'kill "$DAEMON" 2>/dev/null; wait "$DAEMON" 2>/dev/null || true; rm -rf "$WORK"' EXIT

echo "daemon pid $DAEMON, database $DATABASE_URL; waiting for $INSTANCES instances in service"
for _ in $(seq 1 120); do
  COUNT=$(curl -s -H 'Authorization: Bearer local-admin-token' \
    "http://127.0.0.1:$QUEUE_AUTOSCALER_PORT/v1/policies/renewals" 2>/dev/null | grep -o '"InService"' | wc -l || true)
  [ "$COUNT" -ge "$INSTANCES" ] && break
  sleep 1
done

for CONNECTIONS in 8 32; do
  echo "--- $CONNECTIONS connections; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  java benchmarks/LeaseRenewalLoad.java --port "$QUEUE_AUTOSCALER_PORT" --policy renewals --holders "$HOLDERS" \
    --connections "$CONNECTIONS" --warmup 10 --seconds "$SECONDS_MEASURED"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
