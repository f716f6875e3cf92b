#!/usr/bin/env bash
# Sorts a daemon's log into what a 3 a.m. reader should find there, and quotes the rest:
#
#   timeout 330 java -jar controller/target/queue-autoscaler.jar server config/local.yml > /tmp/daemon.log
#   benchmarks/classify-log.sh /tmp/daemon.log
#
# Prints how many lines at INFO or above are decisions that changed something, failures, lease
# summaries, reloads, start/stop, and requests; exits 1 and quotes them when some are none of these
# (a lease call in the access log, a failure over 1000 characters, a line of no known kind). The
# classifier is the one FirstMinutesLogTest applies, run from its source with the JDK alone.
set -euo pipefail
cd "$(dirname "$0")/.."
exec java controller/src/test/java/io/queueautoscaler/testing/LogClassifier.java "$@"
