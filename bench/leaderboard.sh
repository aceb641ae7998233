#!/usr/bin/env bash
# The README's leaderboard: every preset in config/ trained on the reference corpus with the default
# split (80/10/10, data.seed 42), one run per preset and seed (train.seed; 42, the presets' own, by
# default), each timed from launch to exit with /usr/bin/time, the 1-minute load average read before
# and after it; prints a markdown table (parameters, steps, wall time, load, peak RSS, train / val /
# test of the final model, the mean over seeds, and the command).
#
#   bench/leaderboard.sh [--seeds "1 2 3"] [--presets "gru rnn ..."] [NAMES_TXT]
#
# Needs target/makemore4j.jar (mvn -B package -DskipTests); copies it first, so that rebuilding while
# it runs changes nothing. Writes runs and logs to bench/out/leaderboard/ (ignored by git); a run
# already finished there (metrics.json present) is not trained again.
set -euo pipefail
cd "$(dirname "$0")/.."

seeds="42"
presets="tiny wavenet-fast bigram bow rnn wavenet wavenet-dilated mlp-makemore gru lstm wavenet-deep mlp wavenet-76k transformer transformer-wide"
names=../shared/datasets/names.txt
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds=$2; shift 2 ;;
    --presets) presets=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) names=$1; shift ;;
  esac
done
[ -f target/makemore4j.jar ] || { echo "error: target/makemore4j.jar missing; run: mvn -B package -DskipTests" >&2; exit 2; }
[ -f "$names" ] || { echo "error: corpus $names not found" >&2; exit 2; }
out=bench/out/leaderboard
mkdir -p "$out"
cp target/makemore4j.jar "$out/makemore4j.jar"
export MAKEMORE4J_JAR=$out/makemore4j.jar

for seed in $seeds; do
  for p in $presets; do
    run=$p-s$seed
    if [ -f "$out/runs/$run/metrics.json" ]; then continue; fi
    rm -rf "$out/runs/$run"
    echo "=== $run  $(date -u +%H:%M:%S)  load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    cut -d' ' -f1 /proc/loadavg > "$out/$run.load"
    /usr/bin/time -v bin/makemore4j train --config "config/$p.yaml" --set "data.path=$names" --set "train.seed=$seed" \
        --checkpoints "$out/runs" --run "$run" > "$out/$run.txt" 2>&1 || { echo "error: $run failed, see $out/$run.txt" >&2; exit 1; }
    cut -d' ' -f1 /proc/loadavg >> "$out/$run.load"
  done
done

python3 - "$out" "$seeds" "$presets" "$names" <<'PY'
import json, re, statistics, sys
out, seeds, presets, names = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4]
def run(name):
    text = open(f"{out}/{name}.txt").read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1).split(":")
    secs = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall)))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    params = int(re.search(r"([\d,]+) trainable parameters", text).group(1).replace(",", ""))
    m = json.load(open(f"{out}/runs/{name}/metrics.json"))
    try:
        load = "-".join(open(f"{out}/{name}.load").read().split())
    except OSError:
        load = "?"
    return secs, rss, params, m, load
print("| preset | type | parameters | steps | wall time | load | peak RSS | train | val | test | seeds | command |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
for p in presets:
    rs = [run(f"{p}-s{s}") for s in seeds]
    mean = lambda k: statistics.mean(r[3][k] for r in rs)
    secs = statistics.mean(r[0] for r in rs)
    found = re.search(r"^\s*type:\s*(\S+)", open(f"config/{p}.yaml").read(), re.M)
    typ = found.group(1) if found else "flatten"
    spread = "" if len(rs) == 1 else " (test " + ", ".join(f"{r[3]['test_loss']:.4f}" for r in rs) + ")"
    command = f"`bin/makemore4j train --config config/{p}.yaml --set data.path={names}" + (
        "" if seeds == ["42"] else " --set train.seed=S") + "`"
    print(f"| `config/{p}.yaml` | {typ} | {rs[0][2]:,} | {rs[0][3]['step']:,} | {int(secs // 60)} min {secs % 60:.0f} s "
          f"| {', '.join(r[4] for r in rs)} | {max(r[1] for r in rs):,.0f} MB | {mean('train_loss'):.4f} | {mean('val_loss'):.4f} "
          f"| {mean('test_loss'):.4f} | {' '.join(seeds)}{spread} | {command} |")
PY
