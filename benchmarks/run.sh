#!/usr/bin/env bash
# Runs every benchmark scenario through the simulator against all baselines, tuned and untuned,
# then the same scenario with the out-of-the-box policy benchmarks/scenario_tools.py generates from
# it (only the SLOs, the concurrency and the warmup), then renders docs/benchmarks.md.
# Builds nothing: build the jar first (mvn -B clean package).
#   benchmarks/run.sh            # all scenarios
#   JAR=path/to.jar OUT=dir benchmarks/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${JAR:-controller/target/queue-autoscaler.jar}
out=${OUT:-benchmarks/out}
if [[ ! -f "$jar" ]]; then
  echo "no $jar: build it first with mvn -B clean package (or set JAR)" >&2
  exit 1
fi
mkdir -p "$out"
for scenario in benchmarks/scenarios/*.yml; do
  name=$(basename "$scenario" .yml)
  started=$(date +%s%N)
  java -jar "$jar" simulate --scenario "$scenario" --policy "benchmarks/policies/$name.yml" \
    --baseline all --tune --out "$out/$name"
  echo $(( ($(date +%s%N) - started) / 1000000 )) > "$out/$name/wall-milliseconds"
  mkdir -p "$out/$name/out-of-the-box"
  python3 benchmarks/scenario_tools.py policy "$scenario" > "$out/$name/out-of-the-box/policy.yml"
  java -jar "$jar" simulate --scenario "$scenario" --policy "$out/$name/out-of-the-box/policy.yml" \
    --out "$out/$name/out-of-the-box"
done
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
python3 benchmarks/render_benchmarks.py "$out" "$commit" > docs/benchmarks.md
echo "wrote docs/benchmarks.md; reports in $out/*/report.html"
