#!/usr/bin/env bash
# Checks that a trimmed jar still runs what the full one runs (BENCHMARKS.md, "Jar").
#
#   bench/jar-check.sh OLD_JAR [NEW_JAR]        NEW_JAR defaults to target/makemore4j.jar
#
# 1. Runs every subcommand from each jar on config/tiny.yaml (--version, train, train --resume,
#    sample, sample --best, evaluate, summary, convert to the dilated model and sample/evaluate that,
#    prepare, a short bench and bench-dilated, two bad inputs) and every other model type (summary,
#    20 steps of train, sample, evaluate with config/<type>.yaml), with class loading logged (also
#    in the child JVMs of bench) and a fresh JavaCPP cache. Compares exit codes, printed losses and
#    samples, metrics.json and the losses in loss.csv, and lists the classes loaded from OLD_JAR but
#    missing from NEW_JAR.
# 2. Link check: a CDS dump (java -Xshare:dump) loads and verifies every class of OLD_JAR from each
#    jar, without running any; it prints the classes still in NEW_JAR that fail to load or verify
#    there but not from OLD_JAR (those whose dependencies were left out).
# Prints both jars' sizes, their libnd4jcpu.so entries and the native libraries JavaCPP extracted.
# Needs unzip. Takes 9-12 minutes on 2 busy cores. Writes to bench/out/jar-check/ (ignored by git).
set -uo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] && [ $# -le 2 ] || { sed -n '4p' "$0" >&2; exit 2; }
old="$(realpath "$1")"; new="$(realpath "${2:-target/makemore4j.jar}")"
out="$PWD/bench/out/jar-check"
rm -rf "$out"; mkdir -p "$out"
differ=0
note() { printf '%s\n' "$*"; }
fail() { printf 'DIFFERS: %s\n' "$*"; differ=1; }

exercise() {  # $1: jar, $2: directory for its results
  local jar=$1 d=$2 ck=$2/ck
  mkdir -p "$d/cl" "$ck"
  export JAVA_TOOL_OPTIONS="-Xlog:class+load=info:file=$d/cl/%p.log -Dorg.bytedeco.javacpp.cachedir=$d/javacpp"
  local J=(java -Xmx768m -Djava.awt.headless=true -jar "$jar")
  local tiny=(--config config/tiny.yaml)
  run() { local name=$1; shift; "$@" >"$d/$name.txt" 2>&1; echo "$name $?" >>"$d/rc.txt"; }
  run version "${J[@]}" --version
  run train "${J[@]}" train "${tiny[@]}" --set train.steps=120 --set train.eval_every=60 \
    --set train.checkpoint_every=60 --checkpoints "$ck" --run t
  run resume "${J[@]}" train "${tiny[@]}" --set train.steps=160 --checkpoints "$ck" --run t --resume
  run sample "${J[@]}" sample --checkpoints "$ck" --run t -n 5
  run sample-best "${J[@]}" sample --checkpoints "$ck" --run t -n 3 --best
  run evaluate "${J[@]}" evaluate --checkpoints "$ck" --run t
  run summary "${J[@]}" summary "${tiny[@]}"
  run summary-default "${J[@]}" summary
  run convert "${J[@]}" convert --checkpoints "$ck" --run t --to dilated --out d
  run sample-dilated "${J[@]}" sample --checkpoints "$ck" --run d -n 5
  run evaluate-dilated "${J[@]}" evaluate --checkpoints "$ck" --run d
  run bench "${J[@]}" bench "${tiny[@]}" --reps 1 --seconds 1 --warmup 1 --names 64 --batch-sizes 32 \
    --quality-config config/tiny.yaml --target 3.0
  run bench-dilated "${J[@]}" bench-dilated "${tiny[@]}" --reps 1 --names 64 --train-steps 50
  export MAKEMORE4J_CACHE="$d/cache"
  run prepare "${J[@]}" prepare "${tiny[@]}"
  local type
  for type in bigram bow mlp rnn gru lstm transformer wavenet-dilated; do
    run "summary-$type" "${J[@]}" summary --config "config/$type.yaml"
    run "train-$type" "${J[@]}" train --config "config/$type.yaml" --set train.steps=20 \
      --set train.eval_every=20 --set train.checkpoint_every=20 --set train.eval_rows=2000 \
      --checkpoints "$ck" --run "$type"
    run "sample-$type" "${J[@]}" sample --checkpoints "$ck" --run "$type" -n 5
    run "evaluate-$type" "${J[@]}" evaluate --checkpoints "$ck" --run "$type"
  done
  unset MAKEMORE4J_CACHE
  run bad-run "${J[@]}" evaluate --checkpoints "$ck" --run no-such-run
  run bad-config "${J[@]}" train --config /no/such.yaml
  unset JAVA_TOOL_OPTIONS
  cat "$d"/cl/*.log | grep -F "source: file:$jar" | awk '{print $2}' | sort -u >"$d/loaded.txt"
}

note "running every subcommand from $old, then from $new"
exercise "$old" "$out/old"
exercise "$new" "$out/new"

cmp -s "$out/old/rc.txt" "$out/new/rc.txt" || fail "exit codes: $(diff "$out/old/rc.txt" "$out/new/rc.txt" | tr '\n' ' ')"
note "exit codes: $(tr '\n' ' ' <"$out/new/rc.txt")"
printed() {  # a command's output without log lines, the JVM's note, durations and the directories
  grep -vE '^[0-9]{2}:[0-9]{2}:[0-9]{2} |^Picked up JAVA_TOOL_OPTIONS' "$1" \
    | sed -E "s#$2#DIR#g; s/[0-9]+(\.[0-9]+)? s\b/N s/g"
}
for f in $(awk '$1 !~ /^bench/ {print $1}' "$out/new/rc.txt"); do  # bench's figures are timings
  cmp -s <(printed "$out/old/$f.txt" "$out/old") <(printed "$out/new/$f.txt" "$out/new") \
    || fail "output of $f ($out/old/$f.txt, $out/new/$f.txt)"
done
for m in "$out"/old/ck/*/metrics.json; do
  run="$(basename "$(dirname "$m")")"
  cmp -s "$m" "$out/new/ck/$run/metrics.json" || fail "run $run: metrics.json"
done
cmp -s <(cut -d, -f1,2 "$out/old/ck/t/loss.csv") <(cut -d, -f1,2 "$out/new/ck/t/loss.csv") || fail "loss.csv"
[ "$(head -c 8 "$out/new/ck/t/loss.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "loss.png is not a PNG"
missing="$(comm -23 "$out/old/loaded.txt" "$out/new/loaded.txt")"
[ -z "$missing" ] || fail "classes loaded from the old jar, not from the new one: $missing"
note "classes loaded from the jar: $(wc -l <"$out/old/loaded.txt") (old), $(wc -l <"$out/new/loaded.txt") (new)"

note "link check: loading and verifying every class of the old jar from each jar"
unzip -Z1 "$old" | grep '\.class$' | grep -v '^META-INF/' | sed 's/\.class$//' >"$out/classes.txt"
unzip -Z1 "$new" | grep '\.class$' | sed 's/\.class$//' | sort -u >"$out/new-classes.txt"
broken() {  # $1: jar -> the classes that fail to load or verify from it, as a/b/C
  java -Xshare:dump -XX:SharedClassListFile="$out/classes.txt" -XX:SharedArchiveFile="$out/link.jsa" \
       -Xlog:cds=warning -cp "$1" 2>&1 \
    | sed -nE 's/.*(Verification failed for|Cannot find) ([^ ]+).*/\2/p' | tr . / | sort -u
  rm -f "$out/link.jsa"
}
broken "$old" >"$out/broken-old.txt"
broken "$new" >"$out/broken-new.txt"
comm -13 "$out/broken-old.txt" "$out/broken-new.txt" | comm -12 - "$out/new-classes.txt" >"$out/newly-broken.txt"
note "of $(wc -l <"$out/classes.txt") classes, in the new jar and failing to load or verify only there: $(wc -l <"$out/newly-broken.txt")"
sed 's/^/  /' "$out/newly-broken.txt"

for j in "$old" "$new"; do
  note "$j: $(stat -L -c %s "$j") bytes; libnd4jcpu.so: $(unzip -Z1 "$j" | grep -c '/libnd4jcpu\.so$')"
done
note "native libraries extracted by the new jar: $(du -sb "$out/new/javacpp" | cut -f1) bytes"
find "$out/new/javacpp" -name '*.so*' -type f -printf '  %s %P\n' | sort -rn
[ "$differ" -eq 0 ] && note "same results from both jars" || { note "see $out"; exit 1; }
