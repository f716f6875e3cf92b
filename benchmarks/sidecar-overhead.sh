#!/usr/bin/env bash
# What the lease sidecar adds per request: SidecarOverhead.java sends the same POSTs to a worker
# stand-in directly, then through the sidecar (a lease taken and released per request on a daemon
# stand-in), and prints requests/s and latency percentiles of both. Loopback only.
#
#   benchmarks/sidecar-overhead.sh [connections] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=sidecar/target/queue-autoscaler-sidecar.jar
if [ ! -f "$JAR" ]; then
  mvn -B -q -pl sidecar package -DskipTests
fi
exec java -Xmx256m -cp "$JAR" benchmarks/SidecarOverhead.java --connections "${1:-16}" --seconds "${2:-20}"
