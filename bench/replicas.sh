#!/usr/bin/env bash
# Data-parallel replicas (train.replicas) against one graph, on the same global batch: the
# "Multi-core" rows of BENCHMARKS.md. Trains CONFIG (default config/wavenet-deep.yaml) on the
# reference corpus with train.replicas=1 and =2, alternating, ROUNDS times each, validating every
# 100 steps, through bin/makemore4j as shipped; then prints, per run, steps/s, the final
# train/val/test losses and the training seconds until the validation loss first reached TARGET
# (default: the highest final validation loss of all runs, so that every run reaches it).
#
#   bench/replicas.sh [--rounds N] [--target LOSS] [--config FILE] [-- EXTRA --set ARGS]
#
# Needs target/makemore4j.jar and ../shared/datasets/names.txt. Runs go to bench/out/replica-runs.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=1 target="" config=config/wavenet-deep.yaml
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --target) target=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
corpus=../shared/datasets/names.txt
[ -f "$corpus" ] || { echo "error: $corpus not found (the reference corpus)" >&2; exit 2; }
out=bench/out/replica-runs
rm -rf "$out"
mkdir -p "$out"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs" >&2
for round in $(seq 1 "$rounds"); do
  for r in 1 2; do
    name="r$r-$round"
    bin/makemore4j train -c "$config" --set data.path="$corpus" --set train.replicas=$r --set train.eval_every=100 \
      --checkpoints "$out" -r "$name" "$@" > "$out/$name.out" 2>&1
    echo "$name done: $(grep -E 'trained [0-9]+ steps' "$out/$name/train.log" | tail -1 | sed 's/.*TrainingRun - //')" >&2
  done
done
python3 - "$out" "$target" <<'PY'
import csv, json, os, sys
out, target = sys.argv[1], sys.argv[2]
runs = sorted(d for d in os.listdir(out) if os.path.isdir(os.path.join(out, d)))
data = {}
for run in runs:
    rows = list(csv.DictReader(open(os.path.join(out, run, "loss.csv"))))
    vals = [(int(r["step"]), float(r["val_loss"]), float(r["elapsed_s"])) for r in rows if r["val_loss"]]
    m = json.load(open(os.path.join(out, run, "metrics.json")))
    data[run] = (rows, vals, m)
goal = float(target) if target else max(v[-1][1] for _, v, _ in data.values())
print(f"target validation loss {goal:.4f}")
print("| run | replicas | steps/s | train | val | test | training s | s to val <= target (step) |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for run, (rows, vals, m) in data.items():
    last = rows[-1]
    steps, secs = int(last["step"]), float(last["elapsed_s"])
    hit = next(((s, t) for s, v, t in vals if v <= goal), None)
    losses = m.get("losses", m)
    def loss(split):
        for key in (split, split + "_loss"):
            if key in losses and isinstance(losses[key], (int, float)):
                return f"{losses[key]:.4f}"
        return "-"
    print(f"| {run} | {run[1]} | {steps / secs:.1f} | {loss('train')} | {loss('val')} | {loss('test')} | {secs:.1f} | "
          + (f"{hit[1]:.1f} ({hit[0]})" if hit else "not reached") + " |")
PY
