#!/usr/bin/env bash
# Training speed of the makemore model family against makemore.py itself, side by side (BENCHMARKS.md):
# per round and model type, `makemore4j bench` on the preset (batch 32 whole names) and then
# makemore.py --type T (batch 32, its default), each on one thread; prints the medians over rounds
# of steps/s by the clock and per CPU second of the training thread, and their ratios.
#
#   bench/family_speed.sh MAKEMORE_PY [--rounds N] [--types "gru rnn bow bigram mlp"] [NAMES_TXT]
#
# MAKEMORE_PY: makemore.py of https://github.com/karpathy/makemore (commit 988aa59), unmodified.
# Needs target/makemore4j.jar and /usr/bin/python3 with torch (apt-get install -y python3-torch
# libopenblas0-pthread). Raw results in bench/out/family-<date>/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n '2,10p' "$0"; exit 2; }
makemore=$1; shift
rounds=3
types="gru rnn bow bigram mlp"
names=../shared/datasets/names.txt
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --types) types=$2; shift 2 ;;
    *) names=$1; shift ;;
  esac
done
[ -f "$makemore" ] || { echo "error: $makemore not found" >&2; exit 2; }
[ -f target/makemore4j.jar ] || { echo "error: target/makemore4j.jar missing; run: mvn -B package -DskipTests" >&2; exit 2; }
python=${PYTHON:-/usr/bin/python3}
out=bench/out/family-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
preset() { case "$1" in mlp) echo config/mlp-makemore.yaml ;; *) echo "config/$1.yaml" ;; esac; }
for r in $(seq 1 "$rounds"); do
  for t in $types; do
    echo "=== round $r: $t" >&2
    bin/makemore4j bench --config "$(preset "$t")" --set "data.path=$names" --batch-sizes 32 \
        --skip eval,sample,quality,cold --reps 3 --seconds 2 --json "$out/java-$t-$r.json" > "$out/java-$t-$r.txt" 2>&1
    "$python" bench/makemore_py.py "$makemore" "$names" --type "$t" --steps 1500 --warmup 300 --clock wall \
        --json "$out/torch-$t-wall-$r.json" >&2
    "$python" bench/makemore_py.py "$makemore" "$names" --type "$t" --steps 1500 --warmup 300 --clock cpu \
        --json "$out/torch-$t-cpu-$r.json" >&2
  done
done
"$python" - "$out" "$rounds" "$types" <<'PY'
import json, statistics, sys
out, rounds, types = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
print("| model | makemore4j steps/s | makemore.py steps/s | ratio | makemore4j steps per CPU s | makemore.py steps per CPU s | ratio |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for t in types:
    J = [json.load(open(f"{out}/java-{t}-{r}.json")) for r in range(1, rounds + 1)]
    W = [json.load(open(f"{out}/torch-{t}-wall-{r}.json")) for r in range(1, rounds + 1)]
    C = [json.load(open(f"{out}/torch-{t}-cpu-{r}.json")) for r in range(1, rounds + 1)]
    jw = statistics.median(j["train_b32_steps_per_s"] for j in J)
    jc = statistics.median(j["train_b32_cpu_steps_per_s"] for j in J)
    tw = statistics.median(w["steps_per_s"] for w in W)
    tc = statistics.median(c["steps_per_s"] for c in C)
    rw = statistics.median(j["train_b32_steps_per_s"] / w["steps_per_s"] for j, w in zip(J, W))
    rc = statistics.median(j["train_b32_cpu_steps_per_s"] / c["steps_per_s"] for j, c in zip(J, C))
    print(f"| {t} | {jw:,.0f} | {tw:,.0f} | **{rw:.2f}x** | {jc:,.0f} | {tc:,.0f} | **{rc:.2f}x** |")
PY
echo "raw results: $out" >&2
