#!/usr/bin/env python3
"""Training speed of makemore.py itself (unmodified), for the side-by-side comparison in BENCHMARKS.md.

    bench/makemore_py.py MAKEMORE_PY NAMES_TXT --type gru [--steps 1500] [--warmup 300] [--json FILE]

Runs makemore.py (https://github.com/karpathy/makemore, commit 988aa59) in a child process with
`--device cpu --num-workers 0 --max-steps STEPS` and its defaults otherwise (batch 32, seed 3407),
on one thread (torch.set_num_threads(1), OMP/OpenBLAS one thread; OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE unset for it), with torch.utils.tensorboard's SummaryWriter replaced by a stub
(Debian's PyTorch has no tensorboard). makemore.py prints the time of every 10th step ("step N |
loss L | step time T ms", the step alone: batch, forward, backward, update); the result is steps/s
from the median of those times after the warm-up steps (with --clock cpu, of the main thread's CPU
time), and the median of the last 100 printed
losses.
"""
import argparse
import json
import os
import re
import runpy
import statistics
import subprocess
import sys
import tempfile
import types


def child(makemore_py, argv):
    stub = types.ModuleType("torch.utils.tensorboard")

    class SummaryWriter:
        def __init__(self, *args, **kwargs):
            pass

        def add_scalar(self, *args, **kwargs):
            pass

        def flush(self):
            pass

    stub.SummaryWriter = SummaryWriter
    sys.modules["torch.utils.tensorboard"] = stub
    import torch
    torch.set_num_threads(1)
    if os.environ.get("MAKEMORE_PY_CLOCK") == "cpu":
        import time
        time.time = time.thread_time   # makemore.py's step times become the main thread's CPU time
    sys.argv = [makemore_py] + argv
    runpy.run_path(makemore_py, run_name="__main__")


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3:])
        return
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("makemore_py")
    p.add_argument("names")
    p.add_argument("--type", required=True)
    p.add_argument("--steps", type=int, default=1500)
    p.add_argument("--warmup", type=int, default=300)
    p.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                   help="cpu: makemore.py's time.time() is the main thread's CPU time (torch runs its ops on it with one "
                        "thread), which discounts the time other processes take on a busy machine")
    p.add_argument("--json")
    a = p.parse_args()
    env = dict(os.environ)
    for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        env.pop(k, None)
    env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", MAKEMORE_PY_CLOCK=a.clock)
    with tempfile.TemporaryDirectory() as work:
        cmd = [sys.executable, os.path.abspath(__file__), "--child", a.makemore_py, "-i", a.names, "-o", work,
               "--type", a.type, "--device", "cpu", "--num-workers", "0", "--max-steps", str(a.steps)]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stdout[-2000:] + out.stderr[-4000:])
        sys.exit("error: makemore.py failed")
    steps = [(int(m.group(1)), float(m.group(2)), float(m.group(3)))
             for m in re.finditer(r"^step (\d+) \| loss (\S+) \| step time (\S+)ms", out.stdout, re.M)]
    times = [t for s, _, t in steps if s >= a.warmup]
    params = int(re.search(r"model #params: (\d+)", out.stdout).group(1))
    result = {"type": a.type, "params": params, "steps": a.steps, "clock": a.clock, "steps_per_s": 1000.0 / statistics.median(times),
              "loss": statistics.median([l for _, l, _ in steps[-100:]])}
    unit = "steps/s" if a.clock == "wall" else "steps per CPU second"
    print(f"makemore.py --type {a.type}: {params:,} parameters, {result['steps_per_s']:.1f} {unit} "
          f"(median of {len(times)} step times after step {a.warmup}), loss {result['loss']:.4f}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f)


if __name__ == "__main__":
    main()
