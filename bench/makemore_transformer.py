#!/usr/bin/env python3
"""Training steps/s of makemore.py's own Transformer, on its own data pipeline, one thread.

    /usr/bin/python3 bench/makemore_transformer.py MAKEMORE_PY NAMES_TXT [--seconds 5] [--reps 5] [--warmup 8] [--json F]

MAKEMORE_PY is an unmodified makemore.py (karpathy/makemore, commit 988aa59); it is imported, not
copied: its CharDataset / create_datasets, ModelConfig, Transformer, InfiniteDataLoader (num_workers=0)
and the exact training step of its main loop (forward, zero_grad(set_to_none=True), backward, AdamW
step with its defaults: lr 5e-4, weight decay 0.01, betas (0.9, 0.99), eps 1e-8), at its defaults:
4 layers, 4 heads, 64 channels, batch 32, seed 3407. TensorBoard's SummaryWriter is stubbed (makemore
imports it at module level; nothing is logged). Prints the median steps/s over the repetitions, by
wall clock and by this thread's CPU time, after a warm-up.
"""
import argparse
import importlib.util
import json
import statistics
import sys
import time
import types

import torch


def load_makemore(path):
    stub = types.ModuleType("torch.utils.tensorboard")
    stub.SummaryWriter = lambda *a, **k: None
    sys.modules["torch.utils.tensorboard"] = stub
    spec = importlib.util.spec_from_file_location("makemore", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    p = argparse.ArgumentParser()
    p.add_argument("makemore")
    p.add_argument("names")
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--warmup", type=float, default=8.0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--json")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    mm = load_makemore(a.makemore)
    torch.manual_seed(3407)
    train, _test = mm.create_datasets(a.names)
    config = mm.ModelConfig(vocab_size=train.get_vocab_size(), block_size=train.get_output_length(),
                            n_layer=4, n_head=4, n_embd=64, n_embd2=64)
    model = mm.Transformer(config)
    params = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.01, betas=(0.9, 0.99), eps=1e-8)
    loader = mm.InfiniteDataLoader(train, batch_size=32, pin_memory=True, num_workers=0)

    def step():
        X, Y = loader.next()
        _logits, loss = model(X, Y)
        model.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        return loss.item()

    def window(seconds):
        n, t0, c0 = 0, time.perf_counter(), time.thread_time()
        while time.perf_counter() - t0 < seconds:
            step()
            n += 1
        return n / (time.perf_counter() - t0), n / max(time.thread_time() - c0, 1e-9)

    window(a.warmup)
    runs = [window(a.seconds) for _ in range(a.reps)]
    result = {
        "machine": f"PyTorch {torch.__version__}, {torch.get_num_threads()} thread(s), Python {sys.version.split()[0]}",
        "params": params,
        "steps_per_s": statistics.median(r[0] for r in runs),
        "steps_per_cpu_s": statistics.median(r[1] for r in runs),
        "runs": runs,
    }
    print(f"makemore.py Transformer ({params:,} parameters), batch 32: {result['steps_per_s']:.1f} steps/s "
          f"({result['steps_per_cpu_s']:.1f} per CPU second)")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f)


if __name__ == "__main__":
    main()
