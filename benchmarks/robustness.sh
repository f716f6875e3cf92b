#!/usr/bin/env bash
# The out-of-the-box policy (benchmarks/scenario_tools.py policy) on variants of the benchmark
# scenarios and on held-out traffic, each against every baseline tuned to the SLO, one simulation
# at a time; prints a markdown table per group of runs. Builds nothing: build the jar first.
#   benchmarks/robustness.sh                 # seeds 1-3, boot time halved and doubled, held-out seed 1
#   GROUPS_TO_RUN="heldout" HELDOUT_SEED=2 benchmarks/robustness.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${JAR:-controller/target/queue-autoscaler.jar}
out=${OUT:-benchmarks/out/robustness}
groups=${GROUPS_TO_RUN:-seed-1 seed-2 seed-3 boot-x0.5 boot-x2 heldout}
if [[ ! -f "$jar" ]]; then
  echo "no $jar: build it first with mvn -B clean package (or set JAR)" >&2
  exit 1
fi
run() { # group, scenario file
  local name dir
  name=$(basename "$2" .yml)
  dir="$out/$1/$name"
  mkdir -p "$dir"
  python3 benchmarks/scenario_tools.py policy "$2" > "$dir/policy.yml"
  java -jar "$jar" simulate --scenario "$2" --policy "$dir/policy.yml" --baseline all --tune --out "$dir" > "$dir/stdout"
}
for group in $groups; do
  mkdir -p "$out/$group/scenarios"
  case $group in
    seed-*|boot-x*)
      for scenario in benchmarks/scenarios/*.yml; do
        variant="$out/$group/scenarios/$(basename "$scenario")"
        case $group in
          seed-*) python3 benchmarks/scenario_tools.py variant "$scenario" "$variant" --seed "${group#seed-}" ;;
          boot-x*) python3 benchmarks/scenario_tools.py variant "$scenario" "$variant" --boot-factor "${group#boot-x}" ;;
        esac
        run "$group" "$variant"
      done ;;
    heldout)
      python3 benchmarks/heldout.py "${HELDOUT_SEED:-1}" "$out/$group/scenarios"
      for scenario in "$out/$group/scenarios"/*.yml; do
        run "$group" "$scenario"
      done ;;
    *) echo "unknown group $group" >&2; exit 1 ;;
  esac
done
python3 benchmarks/out_of_the_box_table.py "$out" $groups
