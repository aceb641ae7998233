#!/usr/bin/env bash
# The "Scale" rows of BENCHMARKS.md: `bin/makemore4j train --set train.steps=2000` on large corpora,
# through bin/makemore4j as shipped, each run under /usr/bin/time -v.
#
#   bench/scale.sh [--steps N] [--fresh] CORPUS...
#
# For each corpus (make them with bench/make-corpus.sh): a run at context 8 with an empty cache of
# prepared corpora (so the corpus is read, and prepared if it is too large for the heap), the same
# run again (now on the prepared form, if one was made), and a run at context 32
# (model.block_size=32, model.flatten=[2,2,2,2,2]). Prints one markdown row per run: items,
# characters, where the data came from, seconds from launch to the first training step (the first
# row of loss.csv against the launch time), peak RSS, training steps/s, wall time. The cache is
# bench/out/cache (removed first with --fresh, and always before the first run of a corpus); runs go to
# bench/out/scale-runs. Needs target/makemore4j.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
steps=2000
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) steps=$2; shift 2 ;;
    --fresh) rm -rf bench/out/cache; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { sed -n '2,14p' "$0" >&2; exit 2; }
export MAKEMORE4J_CACHE=$PWD/bench/out/cache
runs=bench/out/scale-runs
mkdir -p "$runs"

one() {   # corpus, name, extra --set args...
  local corpus=$1 name=$2; shift 2
  rm -rf "${runs:?}/$name"
  local launch; launch=$(date +%s.%N)
  /usr/bin/time -v bin/makemore4j train --set "data.path=$corpus" --set "train.steps=$steps" --set train.samples=0 \
      --checkpoints "$runs" --run "$name" "$@" > "$runs/$name.txt" 2>&1 || { echo "error: run $name failed, see $runs/$name.txt" >&2; exit 1; }
  python3 - "$runs/$name" "$runs/$name.txt" "$launch" "$corpus" "$*" <<'PY'
import csv, re, sys
run, out, launch, corpus, extra = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
text = open(out).read()
log = open(f"{run}/train.log").read()
rows = list(csv.DictReader(open(f"{run}/loss.csv")))
first = float(rows[0]["wall_time"]) - launch
m = re.search(r"corpus \S+: ([\d,]+) items, ([\d,]+) characters, (.*)", log)
src = m.group(3).strip() if m else "?"
where = "prepared now" if "prepared in" in src else "prepared form" if "prepared form" in src else "in memory"
rate = re.search(r"trained \d+ steps in [\d.]+ s \((\d+) steps/s\)", log).group(1)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
ctx = "32" if "block_size=32" in extra else "8"
print(f"| {corpus.split('/')[-1]} | {m.group(1) if m else '?'} | {m.group(2) if m else '?'} | {ctx} | {where} | {first:.1f} | {rss:,.0f} | {rate} | {wall} |", flush=True)
PY
}

echo "| corpus | items | characters | context | data | launch to first step, s | peak RSS, MB | steps/s | wall |"
echo "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |"
for corpus in "$@"; do
  base=$(basename "$corpus" .txt)
  rm -rf bench/out/cache
  one "$corpus" "$base-ctx8-first"
  one "$corpus" "$base-ctx8-again"
  one "$corpus" "$base-ctx32" --set model.block_size=32 --set 'model.flatten=[2,2,2,2,2]'
done
