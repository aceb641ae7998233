#!/usr/bin/env bash
# makemore4j vs PyTorch on this machine, both measured in one go, printed as ratios (BENCHMARKS.md).
#
#   bench/compare.sh [--rounds N] [--quick] [--stock] [NAMES_TXT]
#
# --quick: 3 shorter repetitions, no time to quality or cold start (a few minutes); --stock: also
# the default run on the stock-layer graph (a few minutes more).
#
# NAMES_TXT defaults to ../shared/datasets/names.txt (the reference corpus of the published figures).
# Each round runs `makemore4j bench` (through bin/makemore4j, so with its JVM settings) and then
# bench/torch_bench.py (PyTorch, 1 thread, as the reference figures), alternating so that both sides
# see the same machine load; a ratio is the median over rounds of the round's ratio (each side's
# median of --reps repetitions after the same warm-up), the figures beside it the medians. Then the
# default `train` run (20,000 steps) is timed with /usr/bin/time for its wall time, peak resident
# memory and losses, and, with --stock, the same run on the stock-layer graph (model.fused=false) for
# the loss comparison. Needs target/makemore4j.jar (mvn -B package -DskipTests) and /usr/bin/python3
# with torch (apt-get install -y python3-torch). Writes its raw results to bench/out/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=3
quick=false
stock=false
names=../shared/datasets/names.txt
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --quick) quick=true; shift ;;
    --stock) stock=true; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) names=$1; shift ;;
  esac
done
jar=${MAKEMORE4J_JAR:-target/makemore4j.jar}
[ -f "$jar" ] || { echo "error: $jar missing; run: mvn -B package -DskipTests" >&2; exit 2; }
export MAKEMORE4J_JAR=$jar
[ -f "$names" ] || { echo "error: corpus $names not found" >&2; exit 2; }
python=${PYTHON:-/usr/bin/python3}
"$python" -c 'import torch' 2>/dev/null || { echo "error: $python cannot import torch (apt-get install -y python3-torch)" >&2; exit 2; }
# Debian's torch does its matrix products through the system libblas.so.3: the reference (Netlib)
# implementation unless an optimised one is installed, which makes PyTorch several times slower.
case "$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null)" in
  */blas/libblas.so.3*) echo "warning: libblas.so.3 is the reference BLAS, PyTorch will be slow;" \
      "install an optimised one first: apt-get install -y libopenblas0-pthread" >&2 ;;
esac
export OPENBLAS_NUM_THREADS=1   # a system OpenBLAS is not reached by torch.set_num_threads: one thread, as ours
# This machine sets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for old OpenBLAS builds; with them PyTorch
# trains about 10% slower here. The PyTorch side runs without them (at its best); makemore4j keeps them.
torch_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)

out=bench/out/$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
reps=5; seconds=2; torch_quality=--quality; skip_first=""; skip_rest="--skip cold"
if $quick; then reps=3; seconds=1; torch_quality=""; skip_first="--skip quality,cold"; skip_rest=$skip_first; fi

for r in $(seq 1 "$rounds"); do
  echo "=== round $r of $rounds: makemore4j" >&2
  skip=$skip_first
  [ "$r" -gt 1 ] && skip=$skip_rest     # the cold start: first round only
  # shellcheck disable=SC2086
  bin/makemore4j bench --set "data.path=$names" --reps "$reps" --seconds "$seconds" $skip \
      --json "$out/java-$r.json" | tee "$out/java-$r.txt" >&2
  echo "=== round $r of $rounds: PyTorch" >&2
  # shellcheck disable=SC2086
  "${torch_env[@]}" "$python" bench/torch_bench.py "$names" --threads 1 --reps "$reps" --seconds "$seconds" $torch_quality \
      --json "$out/torch-$r.json" | tee "$out/torch-$r.txt" >&2
done

run_train() {   # name, extra --set args...
  local name=$1; shift
  rm -rf "$out/runs/$name"
  /usr/bin/time -v bin/makemore4j train --set "data.path=$names" --checkpoints "$out/runs" --run "$name" "$@" \
      > "$out/$name.txt" 2>&1 || { echo "error: train run $name failed, see $out/$name.txt" >&2; exit 1; }
}
echo "=== default train run (20,000 steps)" >&2
run_train default
if $stock; then
  echo "=== default train run on the stock-layer graph (model.fused=false; slow)" >&2
  run_train stock --set model.fused=false
fi

"$python" - "$out" "$rounds" "$stock" <<'PY'
import json, re, statistics, sys
out, rounds, stock = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "true"
J = [json.load(open(f"{out}/java-{r}.json")) for r in range(1, rounds + 1)]
T = [json.load(open(f"{out}/torch-{r}.json")) for r in range(1, rounds + 1)]
med = lambda rs, k: statistics.median([x[k] for x in rs if x.get(k) is not None])
def run(name):
    text = open(f"{out}/{name}.txt").read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1).split(":")
    secs = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall)))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    m = json.load(open(f"{out}/runs/{name}/metrics.json"))
    return secs, rss, m
print(f"makemore4j: {J[0]['machine']}")
print(f"PyTorch:    {T[0]['machine']}")
print(f"rounds: {rounds}; figures: median over rounds of each side's median; ratio: median over rounds of the round's ratio\n")
print("| measure | makemore4j | PyTorch | ratio (per round) | target |")
print("| --- | ---: | ---: | ---: | --- |")
def row(label, key, target):
    ratios = [j[key] / t[key] for j, t in zip(J, T)]
    per_round = ", ".join(f"{r:.2f}" for r in ratios)
    print(f"| {label} | {med(J, key):,.0f} | {med(T, key):,.0f} | **{statistics.median(ratios):.2f}x** ({per_round}) | {target} |")
row("training, batch 32, steps/s", "train_b32_steps_per_s", ">= 1.0x")
row("training, batch 256, rows/s", "train_b256_rows_per_s", ">= 1.2x")
row("evaluation, all splits, rows/s", "eval_rows_per_s", ">= 2x")
row("sampling in batches, names/s", "sample_names_per_s", ">= 10,000 names/s")
print(f"| sampling one name at a time (PyTorch, makemore's way), names/s | | {med(T, 'sample_one_names_per_s'):,.0f} | | |")
qr = [j["quality_seconds"] / t["quality_loop_seconds"] for j, t in zip(J, T)
      if j.get("quality_seconds") is not None and t.get("quality_loop_seconds")]
if qr:
    print(f"| time to val loss <= {J[0]['quality_target']}, s: makemore4j `{J[0]['quality_config']}` from launch "
          f"(step {J[0]['quality_step']}) vs the PyTorch reference recipe's training loop, 20,000 steps (val {T[0]['quality_val']:.4f}) "
          f"| {med(J, 'quality_seconds'):.1f} | {med(T, 'quality_loop_seconds'):.1f} | **{statistics.median(qr):.2f}x** "
          f"({', '.join(f'{r:.2f}' for r in qr)}) | <= 0.75x |")
if J[0].get("cold_sample_seconds") is not None:
    print(f"| time from launch to a first sample (cold JVM), s | {J[0]['cold_sample_seconds']:.1f} | | | |")
secs, rss, m = run("default")
print(f"\ndefault `train` run (config/wavenet.yaml, 20,000 steps): {secs:.1f} s start to end (target < 60 s), "
      f"peak RSS {rss:,.0f} MB (target < 1,536 MB); losses train {m['train_loss']:.4f} val {m['val_loss']:.4f} test {m['test_loss']:.4f}")
if stock:
    s_secs, s_rss, s = run("stock")
    d = max(abs(m[k] - s[k]) for k in ("train_loss", "val_loss", "test_loss"))
    print(f"stock-layer graph (model.fused=false): {s_secs:.1f} s, peak RSS {s_rss:,.0f} MB; losses train {s['train_loss']:.4f} "
          f"val {s['val_loss']:.4f} test {s['test_loss']:.4f}; largest difference {d:.4f} (target <= 0.005)")
PY
echo "raw results: $out" >&2
