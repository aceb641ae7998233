#!/usr/bin/env bash
# Steps/s of the default run (config/wavenet.yaml) with DL4J's Training UI (train --ui 0) against
# without, alternated in one session so that both see the same machine load (BENCHMARKS.md,
# "Training UI"). Usage: [UI_EVERY=N] bench/ui.sh [ROUNDS] [STEPS]   (defaults: 3 rounds of 20000 steps each;
# UI_EVERY: --ui-every for the runs with the UI, its default when unset)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
steps=${2:-20000}
runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT
echo "load before: $(uptime)"
for round in $(seq 1 "$rounds"); do
  for mode in plain ui; do
    flags=()
    [ "$mode" = ui ] && flags=(--ui 0 ${UI_EVERY:+--ui-every "$UI_EVERY"})
    line=$(bin/makemore4j train --set train.steps="$steps" --checkpoints "$runs" --run "$mode-$round" "${flags[@]}" 2>&1 \
      | grep -o 'trained [0-9]* steps in [0-9.]* s ([0-9]* steps/s)')
    echo "round $round $mode: $line"
  done
done
echo "load after: $(uptime)"
for mode in plain ui; do   # the losses of the two are the same, bit for bit
  cut -d, -f1-4 "$runs/$mode-1/loss.csv" | md5sum | sed "s/-$/$mode-1 loss.csv (steps, losses, lr, val)/"
done
