#!/usr/bin/env bash
# Two daemons, one cluster, many policies: starts an AWS fake on loopback (benchmarks/ClusterFakes.java:
# ElasticMQ for SQS, an Auto Scaling endpoint speaking AWS's XML), a fresh PostgreSQL database on
# 127.0.0.1:5432, N idle policies (default 1000, 15 s interval, empty queues) and two daemons on
# config/aws.yml (scheduler.clustered: true); warms up, then measures for M minutes and prints
# evaluation lateness p50/p99 per node, decisions stored per minute, database growth per hour and
# per day (and per table, over the whole run and over its second half, when the tables have had
# time to reach the size at which they reuse their space), the CPU the daemons and their database sessions spent per 1,000
# evaluations (a figure the machine's load does not inflate, unlike lateness), the load average
# while measuring, and the time of GET /v1/policies. Everything it starts stops when it exits.
#
#   benchmarks/cluster.sh [policies] [minutes]
#
# Ports: QUEUE_AUTOSCALER_BENCH_PORT (default 18180: node 1 uses 18180/18181, node 2 18280/18281).
# PostgreSQL: QUEUE_AUTOSCALER_BENCH_PGUSER (default postgres) and QUEUE_AUTOSCALER_BENCH_PGPORT
# (default 5432), no password, loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

POLICIES="${1:-1000}"
MINUTES="${2:-5}"
WARMUP_SECONDS="${WARMUP_SECONDS:-90}"
BASE_PORT="${QUEUE_AUTOSCALER_BENCH_PORT:-18180}"
PGUSER="${QUEUE_AUTOSCALER_BENCH_PGUSER:-postgres}"
PGPORT="${QUEUE_AUTOSCALER_BENCH_PGPORT:-5432}"
DB="qa_bench_cluster_$$"
JAR="${QUEUE_AUTOSCALER_JAR:-controller/target/queue-autoscaler.jar}"
WORK="$(mktemp -d -t cluster-bench.XXXXXX)"
ADMIN=bench-admin-token-0123456789-abcdefghij
PIDS=()

psql_q() { psql -h 127.0.0.1 -p "$PGPORT" -U "$PGUSER" -d "$DB" -qtAX -c "$1"; }

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql -h 127.0.0.1 -p "$PGPORT" -U "$PGUSER" -d postgres -qtAX -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

if [ ! -f "$JAR" ]; then
  mvn -B -q clean package -DskipTests
fi
psql -h 127.0.0.1 -p "$PGPORT" -U "$PGUSER" -d postgres -qtAX -c "CREATE DATABASE $DB" >/dev/null

# ElasticMQ logs every connection at DEBUG without a configuration: that CPU would be taken from the daemons.
printf '<configuration><appender name="out" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%%msg%%n</pattern></encoder></appender><root level="WARN"><appender-ref ref="out"/></root></configuration>\n' >"$WORK/fakes-logback.xml"
java -Xmx256m -Dlogback.configurationFile="$WORK/fakes-logback.xml" -cp "$JAR" benchmarks/ClusterFakes.java --queues 10 >"$WORK/fakes.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do grep -q '^sqs=' "$WORK/fakes.log" && break; sleep 1; done
read -r SQS_PORT AS_PORT < <(sed -n 's/^sqs=\([0-9]*\) autoscaling=\([0-9]*\)$/\1 \2/p' "$WORK/fakes.log")
echo "fakes: sqs 127.0.0.1:$SQS_PORT, autoscaling 127.0.0.1:$AS_PORT; work dir $WORK"

mkdir -p "$WORK/policies"
for i in $(seq 0 $((POLICIES - 1))); do
  cat >"$WORK/policies/bench-$i.yml" <<YAML
apiVersion: queue-autoscaler/v1
kind: ScalingPolicy
metadata: { name: bench-$i }
spec:
  target: { autoScalingGroupName: bench-$i-workers, minCapacity: 1, maxCapacity: 10 }
  queues: [ { url: "http://127.0.0.1:$SQS_PORT/000000000000/bench-$((i % 10))" } ]
  scaling: { mode: backlogPerInstance, targetBacklogPerInstance: 10 }
  evaluationIntervalSeconds: 15
YAML
done

start_node() {
  local node=$1 port=$2
  QUEUE_AUTOSCALER_ADMIN_TOKEN=$ADMIN QUEUE_AUTOSCALER_WORKER_TOKEN=bench-worker-token-0123456789-abcdefghij \
  AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 \
  java -Xms512m -Xmx512m ${DAEMON_JAVA_OPTS:-} \
    -Ddw.policiesDirectory="$WORK/policies" \
    -Ddw.aws.endpoints.sqs="http://127.0.0.1:$SQS_PORT" \
    -Ddw.aws.endpoints.autoscaling="http://127.0.0.1:$AS_PORT" \
    -Ddw.aws.endpoints.cloudwatch="http://127.0.0.1:$AS_PORT" \
    -Ddw.aws.endpoints.ec2="http://127.0.0.1:$AS_PORT" \
    -Ddw.database.url="jdbc:postgresql://127.0.0.1:$PGPORT/$DB" -Ddw.database.user="$PGUSER" \
    -Ddw.protection.requireSourceAddressMatch=false \
    -Ddw.scheduler.nodeName="$node" \
    -Ddw.server.applicationConnectors[0].port="$port" -Ddw.server.adminConnectors[0].port="$((port + 1))" \
    -Ddw.server.applicationConnectors[0].bindHost=127.0.0.1 -Ddw.server.adminConnectors[0].bindHost=127.0.0.1 \
    -Ddw.logging.level=WARN \
    -jar "$JAR" server config/aws.yml >"$WORK/$node.log" 2>&1 &
  PIDS+=($!)
  NODE_PIDS+=($!)
}
NODE_PIDS=()
PORT1=$BASE_PORT
PORT2=$((BASE_PORT + 100))
start_node bench-node-1 "$PORT1"
sleep 5
start_node bench-node-2 "$PORT2"
for i in 0 1; do
  port=$((BASE_PORT + 100 * i))
  for _ in $(seq 1 180); do
    curl -sf "http://127.0.0.1:$((port + 1))/ping" >/dev/null 2>&1 && break
    if ! kill -0 "${NODE_PIDS[$i]}" 2>/dev/null; then
      echo "node $((i + 1)) exited before answering; its log ($WORK/bench-node-$((i + 1)).log) ends with:" >&2
      tail -n 20 "$WORK/bench-node-$((i + 1)).log" >&2
      exit 1
    fi
    sleep 1
  done
done
echo "two nodes up; warming up for ${WARMUP_SECONDS}s"
sleep "$WARMUP_SECONDS"

# The lateness histogram summed over the policies, as "bound:cumulative count" words (+Inf last).
lateness_buckets() { # node admin port
  curl -s "http://127.0.0.1:$1/prometheus" | python3 -c "
import re, sys
buckets = {}
for line in sys.stdin:
    m = re.match(r'queue_autoscaler_evaluation_lateness_seconds_bucket\{.*le=\"([^\"]+)\".*\} (\S+)', line)
    if m:
        buckets[float(m.group(1))] = buckets.get(float(m.group(1)), 0.0) + float(m.group(2))
print(' '.join('%r:%d' % (b, buckets[b]) for b in sorted(buckets)))
"
}
metric() { # node admin port, then count, p50 or p99, optionally the buckets at the start of the window:
  # the evaluations, or the lateness quantile (ms, a bucket's upper bound), since then
  python3 - "$2" "$(lateness_buckets "$1")" "${3:-}" <<'PY'
import sys
def parse(words):
    return {float(b): int(c) for b, c in (w.split(':') for w in words.split())}
field, end, start = sys.argv[1], parse(sys.argv[2]), parse(sys.argv[3])
window = {b: c - start.get(b, 0) for b, c in end.items()}
count = window.get(float('inf'), 0)
if field == 'count':
    print(count)
else:
    q = {'p50': 0.5, 'p99': 0.99}[field]
    le = next((b for b in sorted(window) if count and window[b] >= q * count), float('nan'))
    print('<= %g' % (le * 1000))
PY
}
db_bytes() { psql_q "SELECT pg_database_size('$DB')"; }
TABLES="decisions policy_ticks policy_memories cluster_policies qrtz_triggers qrtz_simple_triggers qrtz_job_details qrtz_fired_triggers qrtz_scheduler_state qrtz_locks"
table_bytes() { for t in $TABLES; do printf '%s ' "$(psql_q "SELECT pg_total_relation_size('$t')")"; done; }
# CPU seconds (user + system) of the given processes: the daemons, or the database sessions serving them.
cpu_of() {
  python3 - "$@" <<'PY'
import os, sys
total = 0
for pid in sys.argv[1:]:
    try:
        fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    except (FileNotFoundError, ProcessLookupError):
        pass
print(total / os.sysconf('SC_CLK_TCK'))
PY
}
db_sessions() { psql_q "SELECT string_agg(pid::text, ' ') FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()"; }
START_TABLES=$(table_bytes)
START_NODE_CPU=$(cpu_of "${NODE_PIDS[@]}")
START_DB_CPU=$(cpu_of $(db_sessions))
START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
START_BYTES=$(db_bytes)
START_ID=$(psql_q "SELECT coalesce(max(id), 0) FROM decisions")
START_BUCKETS1=$(lateness_buckets $((PORT1 + 1)))
START_BUCKETS2=$(lateness_buckets $((PORT2 + 1)))
START_EVAL=$(( $(metric $((PORT1 + 1)) count) + $(metric $((PORT2 + 1)) count) ))
echo "measuring for ${MINUTES} min"
HALF=$((MINUTES * 30))
sleep "$HALF"
MID_BYTES=$(db_bytes)
MID_TABLES=$(table_bytes)
sleep $((MINUTES * 60 - HALF))
END_BYTES=$(db_bytes)
END_TABLES=$(table_bytes)
END_NODE_CPU=$(cpu_of "${NODE_PIDS[@]}")
END_DB_CPU=$(cpu_of $(db_sessions))
END_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
ROWS=$(psql_q "SELECT count(*) FROM decisions WHERE id > $START_ID")
END_EVAL=$(( $(metric $((PORT1 + 1)) count) + $(metric $((PORT2 + 1)) count) ))

echo
echo "== $POLICIES policies, 2 nodes, ${MINUTES} min measured after ${WARMUP_SECONDS}s warm-up on $(nproc) cores"
echo "load average (1, 5, 15 min) at the start: $START_LOAD; at the end: $END_LOAD"
echo "PostgreSQL autovacuum: $(psql_q "SHOW autovacuum") (off: only page pruning of updates in place reclaims dead rows)"
for node in 1 2; do
  port=$((BASE_PORT + 100 * (node - 1)))
  start_buckets=$([ "$node" = 1 ] && echo "$START_BUCKETS1" || echo "$START_BUCKETS2")
  printf 'lateness node :%s  p50 %s ms  p99 %s ms  (while measuring: %s evaluations on this node; since it started: p99 %s ms)\n' \
    "$port" "$(metric $((port + 1)) p50 "$start_buckets")" "$(metric $((port + 1)) p99 "$start_buckets")" \
    "$(metric $((port + 1)) count "$start_buckets")" "$(metric $((port + 1)) p99)"
done
python3 - "$START_BYTES" "$END_BYTES" "$ROWS" "$MINUTES" "$START_EVAL" "$END_EVAL" \
    "$START_NODE_CPU" "$END_NODE_CPU" "$START_DB_CPU" "$END_DB_CPU" "$TABLES" "$START_TABLES" "$END_TABLES" "$POLICIES" \
    "$MID_BYTES" "$MID_TABLES" <<'PY'
import sys
start, end, rows, minutes, e0, e1 = (int(x) for x in sys.argv[1:7])
n0, n1, d0, d1 = (float(x) for x in sys.argv[7:11])
growth = (end - start) / minutes * 60
evaluations = e1 - e0
print(f"evaluations per minute     {evaluations / minutes:.0f} (every policy every 15 s: {int(sys.argv[14]) * 4})")
if evaluations:
    print(f"CPU per 1,000 evaluations  {(n1 - n0) / evaluations * 1000:.1f} s in the daemons, "
          f"{(d1 - d0) / evaluations * 1000:.1f} s in their database sessions")
mid = int(sys.argv[15])
half = minutes / 2
def per_day(a, b, over):
    return (int(b) - int(a)) / over * 60 * 24 / 1e6
print(f"{'table':24s} {'size at end':>11s}  {'growth, whole run':>17s}  {'second half':>14s}")
for name, t0, tm, t1 in zip(sys.argv[11].split(), sys.argv[12].split(), sys.argv[16].split(), sys.argv[13].split()):
    print(f"  {name:22s} {int(t1) / 1e6:8.2f} MB  {per_day(t0, t1, minutes):10.1f} MB/day  {per_day(tm, t1, half):8.1f} MB/day")
print(f"decisions stored per minute {rows / minutes:.1f} rows (the rest folded into runs)")
print(f"database growth            {growth / 1e6:.2f} MB/hour, {growth * 24 / 1e6:.1f} MB/day (pg_database_size, whole run)")
print(f"database growth, 2nd half  {per_day(mid, end, half):.1f} MB/day (pg_database_size, the last {half:g} min)")
PY
psql_q "SELECT 'rows: decisions ' || (SELECT count(*) FROM decisions) || ', repeated total ' || (SELECT sum(repeated) FROM decisions) || ', decisions table ' || pg_size_pretty(pg_total_relation_size('decisions'))"
TIMES=()
for _ in 1 2 3 4 5 6; do
  TIMES+=("$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT1/v1/policies")")
done
python3 - "${TIMES[@]}" <<'PY'
import sys
t = sorted(float(x) * 1000 for x in sys.argv[2:])  # the first call warms caches
print(f"GET /v1/policies ({len(t)} calls after one warm-up): median {t[len(t)//2]:.0f} ms, max {t[-1]:.0f} ms")
PY
