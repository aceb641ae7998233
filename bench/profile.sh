#!/usr/bin/env bash
# Where the time of a training step goes, per thread: runs `bin/makemore4j bench` on CONFIG under
# async-profiler (taken from Maven Central, tools.profiler:async-profiler, into ~/.m2), then prints,
# for the CPU profile, the share of samples by kind of code (OpenBLAS, oneDNN's and libnd4j's custom
# ops, the JIT compiler, Java code itself, the kernel) and, for the wall-clock profile, what the
# training thread and each replica thread spend their time on (computing, waiting for the other).
# perf alone cannot tell these apart: it labels oneDNN's run-time generated kernels "[JIT]" as it
# does compiled Java.
#
#   bench/profile.sh [--config FILE] [--replicas R] [--batch POSITIONS]
#
# Needs target/makemore4j.jar and Maven (for the profiler). The raw profiles (collapsed stacks, one
# line per stack, for flamegraph tools) go to bench/out/profile-{cpu,wall}.collapsed.
set -euo pipefail
cd "$(dirname "$0")/.."
config=config/wavenet-deep.yaml replicas=2 batch=2048 version=3.0
while [ $# -gt 0 ]; do
  case "$1" in
    --config) config=$2; shift 2 ;;
    --replicas) replicas=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
jar=$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar
[ -f "$jar" ] || mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:$version >&2
lib=bench/out/async-profiler/linux-x64/libasyncProfiler.so
mkdir -p bench/out/async-profiler
[ -f "$lib" ] || unzip -oq "$jar" 'linux-x64/*' -d bench/out/async-profiler
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs" >&2
for event in cpu wall; do
  out=bench/out/profile-$event.collapsed
  MAKEMORE4J_JAVA_OPTS="-Xmx512m -XX:+UseSerialGC -XX:MaxDirectMemorySize=256m -Dorg.bytedeco.javacpp.maxbytes=1g \
-agentpath:$PWD/$lib=start,event=$event,interval=5ms,threads,collapsed,file=$PWD/$out" \
    bin/makemore4j bench -c "$config" --set train.replicas="$replicas" --skip eval,sample,quality,cold \
    --batch-sizes "$batch" --reps 3 --seconds 5 --warmup 10 2>&1 | grep -E "steps/s|^machine" >&2
done
python3 - bench/out/profile-cpu.collapsed bench/out/profile-wall.collapsed <<'PY'
import collections, sys

def stacks(path):
    for line in open(path):
        stack, n = line.rstrip("\n").rsplit(" ", 1)
        yield stack.split(";"), int(n)

def kind(frames):
    """What the sampled frame is, by the code it belongs to."""
    top, whole = frames[-1], ";".join(frames)
    if "CompileBroker" in whole or "C2Compiler" in whole or "Compilation::" in whole:
        return "JIT compiler (C1/C2)"
    if "GCTaskThread" in whole or "VM_GenCollect" in whole or "SerialHeap" in whole:
        return "garbage collector"
    if "openblas" in top:
        return "OpenBLAS"
    if top == "[unknown]" and "execCustomOp" in whole:
        return "custom ops without symbols (oneDNN's generated kernels)"
    if top.endswith("_[k]"):
        return "kernel"
    if top.startswith(("sd::", "functions::", "std::_Function", "void functions", "void sd")) or "nd4j" in top and "/" not in top:
        return "libnd4j"
    if top.startswith(("__mem", "_int_", "__GI___libc", "malloc", "free")):
        return "libc (memcpy, memset, malloc)"
    if "/" in top and not top.startswith("/"):
        return "Java code itself"
    return "other native"

cpu = collections.Counter()
for frames, n in stacks(sys.argv[1]):
    cpu[kind(frames[1:])] += n
total = sum(cpu.values())
print(f"CPU samples by kind of code ({total} samples of 5 ms, all threads):")
for k, n in cpu.most_common():
    print(f"  {100 * n / total:5.1f}%  {k}")

wall = collections.defaultdict(collections.Counter)
for frames, n in stacks(sys.argv[2]):
    thread = frames[0].strip("[]").split(" tid=")[0]
    if thread != "main" and not thread.startswith("replica-"):
        continue
    whole = ";".join(frames)
    if thread == "main" and "TrainingStep" not in whole and "Step.fit" not in whole:
        k = "outside the step (batches, timing)"
    elif "ReplicaStep.await" in whole:
        k = "waiting for the replicas"
    elif "ThreadPoolExecutor.getTask" in whole:
        k = "idle, waiting for its share"
    elif "computeGradient" in whole or thread != "main":
        k = "forward and backward"
    else:
        k = "combine and update (serial)"
    wall[thread][k] += n
print("Wall-clock time of the training threads:")
for thread in sorted(wall):
    total = sum(wall[thread].values())
    print(f"  {thread}:")
    for k, n in wall[thread].most_common():
        print(f"    {100 * n / total:5.1f}%  {k}")
PY
