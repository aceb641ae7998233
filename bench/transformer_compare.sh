#!/usr/bin/env bash
# makemore4j's Transformer against makemore.py's, training steps/s at makemore.py's defaults (4 layers,
# 4 heads, 64 channels, batches of 32 whole names), one thread each, measured alternately (BENCHMARKS.md).
#
#   bench/transformer_compare.sh MAKEMORE_PY [NAMES_TXT] [--rounds N] [--seconds S] [--reps R]
#
# MAKEMORE_PY: an unmodified makemore.py (github.com/karpathy/makemore, commit 988aa59), which
# bench/makemore_transformer.py imports. NAMES_TXT defaults to ../shared/datasets/names.txt. Each round
# runs io.makemore4j.family.TransformerThroughput (config/transformer.yaml through the registry and the
# training step of `train`, ND4J on one thread) and then makemore.py's training loop (PyTorch, one
# thread, OpenBLAS with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset); each side reports the median of
# its repetitions after a warm-up; the ratio is the median over rounds of each round's ratio. Needs
# target/makemore4j.jar and target/test-classes (mvn -B package -DskipTests; mvn -B test-compile) and
# /usr/bin/python3 with torch (apt-get install -y python3-torch libopenblas0-pthread).
set -euo pipefail
cd "$(dirname "$0")/.."
makemore=${1:?usage: bench/transformer_compare.sh MAKEMORE_PY [NAMES_TXT] [--rounds N] [--seconds S] [--reps R]}
shift
names=../shared/datasets/names.txt
rounds=3; seconds=5; reps=5
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    *) names=$1; shift ;;
  esac
done
[ -f target/makemore4j.jar ] && [ -d target/test-classes ] || { echo "error: build first: mvn -B package -DskipTests && mvn -B test-compile" >&2; exit 2; }
[ -f "$makemore" ] || { echo "error: $makemore not found (makemore.py of github.com/karpathy/makemore)" >&2; exit 2; }
out=bench/out/transformer-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
  OMP_NUM_THREADS=1 java -Xmx512m -XX:+UseSerialGC -cp target/test-classes:target/makemore4j.jar \
      io.makemore4j.family.TransformerThroughput "$names" "$seconds" "$reps" 2>/dev/null | tee "$out/java-$r.txt"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 \
      bench/makemore_transformer.py "$makemore" "$names" --seconds "$seconds" --reps "$reps" --json "$out/torch-$r.json" \
      2>/dev/null | tail -1 | tee "$out/torch-$r.txt"
done
/usr/bin/python3 - "$out" "$rounds" <<'PY'
import json, re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def java(r):
    m = re.search(r"batch 32: ([\d.]+) steps/s \(([\d.]+) per CPU second\)", open(f"{out}/java-{r}.txt").read())
    return float(m.group(1)), float(m.group(2))
J = [java(r) for r in range(1, rounds + 1)]
T = [json.load(open(f"{out}/torch-{r}.json")) for r in range(1, rounds + 1)]
wall = [j[0] / t["steps_per_s"] for j, t in zip(J, T)]
cpu = [j[1] / t["steps_per_cpu_s"] for j, t in zip(J, T)]
print(f"\n{T[0]['machine']}; {rounds} rounds")
print("| measure | makemore4j | makemore.py | ratio (per round) |")
print("| --- | ---: | ---: | ---: |")
print(f"| training steps/s, batch 32 | {statistics.median(j[0] for j in J):.1f} | {statistics.median(t['steps_per_s'] for t in T):.1f} | "
      f"**{statistics.median(wall):.2f}x** ({', '.join(f'{x:.2f}' for x in wall)}) |")
print(f"| steps per CPU second of the training thread | {statistics.median(j[1] for j in J):.1f} | "
      f"{statistics.median(t['steps_per_cpu_s'] for t in T):.1f} | {statistics.median(cpu):.2f}x ({', '.join(f'{x:.2f}' for x in cpu)}) |")
PY
echo "raw results: $out" >&2
