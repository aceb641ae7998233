"""PyTorch side of the makemore4j speed comparison (bench/compare.sh runs it next to `makemore4j bench`).

The same model, data, split and recipe as ../shared/reference/torch_hier.py (the reference script):
Embedding(27,10) -> [FlattenConsecutive(2) -> Linear(no bias) -> BatchNorm -> Tanh] x3 -> Linear(128,27),
words shuffled with random.seed(42), split 80/10/10, block size 8, SGD lr 0.1 then 0.01 for the last 25%.

Measures, each the median of --reps repetitions after a warm-up:
  training steps/s and rows/s at batch 32 and 256 (the reference loop: randint, forward, cross-entropy,
  zero_grad, backward, lr, step), full-split evaluation rows/s (one forward pass per split, as the
  reference), sampling names/s one name at a time (one forward call per character, as makemore) and in
  batches of 1024 (one forward call per character step over the unfinished names), and, with --quality,
  the reference recipe's 20,000-step training-loop time and its final validation loss.

Usage: /usr/bin/python3 bench/torch_bench.py NAMES_TXT [--threads 1] [--reps 5] [--quality] [--json FILE]
"""
import argparse, json, math, os, platform, random, statistics, time

import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("names")
p.add_argument("--threads", type=int, default=1)
p.add_argument("--reps", type=int, default=5)
p.add_argument("--seconds", type=float, default=2.0, help="length of one training repetition")
p.add_argument("--warmup", type=float, default=8.0, help="warm-up before each training measurement, as makemore4j bench")
p.add_argument("--batch-sizes", default="32,256")
p.add_argument("--names-count", type=int, default=4096, help="names per batched sampling repetition")
p.add_argument("--quality", action="store_true", help="also run the reference recipe's 20,000 steps")
p.add_argument("--steps", type=int, default=20000)
p.add_argument("--skip", default="", help="comma-separated: train, eval, sample")
p.add_argument("--json")
a = p.parse_args()
torch.set_num_threads(a.threads)
skip = set(s for s in a.skip.split(",") if s)

block, embd, hidden, flatten = 8, 10, 128, [2, 2, 2]
words = open(a.names).read().splitlines()
chars = sorted(set("".join(words)))
stoi = {c: i + 1 for i, c in enumerate(chars)}
stoi["."] = 0
itos = {i: c for c, i in stoi.items()}
V = len(stoi)
random.seed(42)
random.shuffle(words)


def build(ws):
    X, Y = [], []
    for w in ws:
        ctx = [0] * block
        for ch in w + ".":
            ix = stoi[ch]
            X.append(ctx); Y.append(ix)
            ctx = ctx[1:] + [ix]
    return torch.tensor(X), torch.tensor(Y)


n1, n2 = int(0.8 * len(words)), int(0.9 * len(words))
Xtr, Ytr = build(words[:n1]); Xva, Yva = build(words[n1:n2]); Xte, Yte = build(words[n2:])


class Flat(nn.Module):
    def __init__(s, n): super().__init__(); s.n = n
    def forward(s, x):
        B, T, C = x.shape
        x = x.view(B, T // s.n, C * s.n)
        return x.squeeze(1) if x.shape[1] == 1 else x


class BN(nn.Module):  # batch norm over all leading dims, as the reference
    def __init__(s, d, eps=1e-5, mom=0.1):
        super().__init__(); s.g = nn.Parameter(torch.ones(d)); s.b = nn.Parameter(torch.zeros(d))
        s.register_buffer("rm", torch.zeros(d)); s.register_buffer("rv", torch.ones(d)); s.eps, s.mom = eps, mom
    def forward(s, x):
        if s.training:
            dims = tuple(range(x.ndim - 1))
            m = x.mean(dims, keepdim=True); v = x.var(dims, keepdim=True)
            with torch.no_grad():
                s.rm = (1 - s.mom) * s.rm + s.mom * m.reshape(-1)
                s.rv = (1 - s.mom) * s.rv + s.mom * v.reshape(-1)
        else:
            m, v = s.rm, s.rv
        return s.g * (x - m) / torch.sqrt(v + s.eps) + s.b


def make_model(seed=42):
    torch.manual_seed(seed)
    layers = [nn.Embedding(V, embd)]
    nin = embd
    for n in flatten:
        lin = nn.Linear(nin * n, hidden, bias=False)
        nn.init.normal_(lin.weight, 0, 1 / math.sqrt(nin * n))
        layers += [Flat(n), lin, BN(hidden), nn.Tanh()]
        nin = hidden
    out = nn.Linear(hidden, V)
    nn.init.normal_(out.weight, 0, 1 / math.sqrt(hidden)); nn.init.zeros_(out.bias)
    with torch.no_grad(): out.weight *= 0.1
    nn.init.normal_(layers[0].weight, 0, 1)
    return nn.Sequential(*layers, out)


def train_loop(model, opt, batch, steps, first=0, total=None, lr=0.1, decay_at=0.75):
    """The reference loop body, `steps` times."""
    total = total or steps
    loss = None
    for i in range(first, first + steps):
        ix = torch.randint(0, Xtr.shape[0], (batch,))
        loss = F.cross_entropy(model(Xtr[ix]), Ytr[ix])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        for g in opt.param_groups: g["lr"] = lr if i < decay_at * total else lr * 0.1
        opt.step()
    return loss


def median(xs):
    return statistics.median(xs)


results = {
    "machine": "%s, %d CPUs; PyTorch %s, %d thread(s), Python %s" % (
        next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown CPU"),
        os.cpu_count(), torch.__version__, torch.get_num_threads(), platform.python_version()),
    "params": sum(q.numel() for q in make_model().parameters()),
}
print("machine: " + results["machine"])
print("model: %d parameters; median of %d repetitions" % (results["params"], a.reps))


def report(key, label, values):
    results[key] = median(values)
    results[key + "_all"] = values
    m = median(values)
    fmt = (lambda v: "{:,.0f}".format(v)) if m >= 100 else (lambda v: "{:.2f}".format(v))
    print("%-55s %10s   (%s .. %s)" % (label, fmt(m), fmt(min(values)), fmt(max(values))), flush=True)


model = None
if "train" not in skip:
    for batch in [int(b) for b in a.batch_sizes.split(",")]:
        model = make_model()
        model.train()
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        t0 = time.perf_counter(); warm = 0
        while time.perf_counter() - t0 < max(a.warmup - a.seconds, 0) or warm < 20:
            train_loop(model, opt, batch, 10, first=warm, total=10 ** 9); warm += 10
        t1 = time.perf_counter(); last = 0
        while time.perf_counter() - t1 < a.seconds or last < 20:
            train_loop(model, opt, batch, 10, first=warm + last, total=10 ** 9); last += 10
        warm += last
        steps = max(20, int(last * a.seconds / (time.perf_counter() - t1)))
        rates = []
        for r in range(a.reps):
            t1 = time.perf_counter()
            train_loop(model, opt, batch, steps, first=warm, total=10 ** 9)
            rates.append(steps / (time.perf_counter() - t1))
        report("train_b%d_steps_per_s" % batch, "train batch %d, steps/s" % batch, rates)
        report("train_b%d_rows_per_s" % batch, "train batch %d, rows/s" % batch, [x * batch for x in rates])
if model is None:
    model = make_model()
model.eval()

if "eval" not in skip:
    rows = Xtr.shape[0] + Xva.shape[0] + Xte.shape[0]
    def evaluate():
        with torch.no_grad():
            return [F.cross_entropy(model(x), y).item() for x, y in ((Xtr, Ytr), (Xva, Yva), (Xte, Yte))]
    evaluate()
    rates = []
    for r in range(a.reps):
        t0 = time.perf_counter(); evaluate(); rates.append(rows / (time.perf_counter() - t0))
    report("eval_rows_per_s", "evaluation of all splits (%d rows), rows/s" % rows, rates)

if "sample" not in skip:
    g = torch.Generator().manual_seed(42)

    def sample_one():
        """makemore: one forward call per character of one name."""
        out, ctx, calls = [], [0] * block, 0
        with torch.no_grad():
            while True:
                probs = F.softmax(model(torch.tensor([ctx])), dim=1); calls += 1
                ix = torch.multinomial(probs, num_samples=1, generator=g).item()
                ctx = ctx[1:] + [ix]
                if ix == 0 or len(out) >= 64:
                    break
                out.append(itos[ix])
        return "".join(out), calls

    def sample_batch(n):
        """n names at once: one forward call per character step over the unfinished names."""
        ctx = torch.zeros((n, block), dtype=torch.long)
        done = torch.zeros(n, dtype=torch.bool)
        names = [[] for _ in range(n)]
        with torch.no_grad():
            for _ in range(64):
                live = (~done).nonzero().squeeze(1)
                if live.numel() == 0:
                    break
                probs = F.softmax(model(ctx[live]), dim=1)
                ix = torch.multinomial(probs, num_samples=1, generator=g).squeeze(1)
                for j, i in enumerate(live.tolist()):
                    c = ix[j].item()
                    if c == 0:
                        done[i] = True
                    else:
                        names[i].append(itos[c])
                ctx[live] = torch.cat([ctx[live, 1:], ix.unsqueeze(1)], dim=1)
        return ["".join(x) for x in names]

    for _ in range(20):
        sample_one()
    rates, calls_rates = [], []
    for r in range(a.reps):
        t0 = time.perf_counter(); calls = 0; n = 200
        for _ in range(n):
            calls += sample_one()[1]
        dt = time.perf_counter() - t0
        rates.append(n / dt); calls_rates.append(calls / dt)
    report("sample_one_names_per_s", "sampling one name at a time, names/s", rates)
    report("sample_one_calls_per_s", "sampling one name at a time, forward calls/s", calls_rates)
    sample_batch(1024)
    rates = []
    for r in range(a.reps):
        t0 = time.perf_counter(); done = 0
        while done < a.names_count:
            done += len(sample_batch(min(1024, a.names_count - done)))
        rates.append(a.names_count / (time.perf_counter() - t0))
    report("sample_names_per_s", "sampling %d names in batches of 1024, names/s" % a.names_count, rates)

if a.quality:
    # the reference script's run: 20,000 steps at batch 32; its timer covers the training loop only
    model = make_model(); model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    t0 = time.perf_counter()
    train_loop(model, opt, 32, a.steps, total=a.steps)
    dt = time.perf_counter() - t0
    model.eval()
    with torch.no_grad():
        val = F.cross_entropy(model(Xva), Yva).item()
    results["quality_loop_seconds"] = dt
    results["quality_val"] = val
    results["quality_steps"] = a.steps
    print("%-55s %10.1f   (val loss %.4f after %d steps, %.0f steps/s)" % (
        "reference recipe, training-loop time for %d steps, s" % a.steps, dt, val, a.steps, a.steps / dt), flush=True)

if a.json:
    with open(a.json, "w") as f:
        json.dump(results, f, indent=2)
