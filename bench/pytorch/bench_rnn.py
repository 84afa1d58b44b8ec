#!/usr/bin/python3
"""PyTorch reference timings for the sentiment-streams recurrent classifier.

Model (float32, CPU), identical in structure to the Java/ND4J one:
  Embedding V x E (padding_idx 0) -> one unidirectional recurrent layer E -> H
  (elman = nn.RNN tanh | lstm | gru) over packed variable-length sequences
  -> pooling over time (last | max | mean, valid steps only) -> Linear H -> 2
  -> log-softmax + NLL loss.
Modes timed per (cell, batch):
  forward = eval mode, torch.no_grad(), forward pass only (logits);
  train   = zero_grad + forward + loss + backward + clip_grad_norm_(5.0) + Adam(lr 1e-3) step.
Output: one JSON line per (cell, batch, mode) on stdout; environment and a summary table on stderr.
Run with /usr/bin/python3 (Debian's torch 1.13) and OPENBLAS_NUM_THREADS=1, see README.md.
"""
import os
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # must be set before torch (and OpenBLAS) is loaded
import argparse, ctypes, json, statistics, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

CELLS = {"elman": lambda e, h: nn.RNN(e, h, nonlinearity="tanh", batch_first=True),
         "lstm": lambda e, h: nn.LSTM(e, h, batch_first=True),
         "gru": lambda e, h: nn.GRU(e, h, batch_first=True)}


class Classifier(nn.Module):
    def __init__(self, cell, vocab, emb, hidden, pool, pack=True):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb, padding_idx=0)
        self.rnn = CELLS[cell](emb, hidden)
        self.out = nn.Linear(hidden, 2)
        self.pool, self.pack = pool, pack

    def forward(self, tokens, lengths):  # tokens [B, T] int64, lengths [B] int64 (CPU), sorted descending
        x = self.embedding(tokens)  # [B, T, E]
        if self.pack:  # packed: each step runs only on the rows still active
            x = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=True)
        out, h_n = self.rnn(x)  # (--no-pack: dense path over all T steps, valid only for equal lengths)
        if self.pool == "last":
            pooled = (h_n[0] if isinstance(h_n, tuple) else h_n)[-1]  # final state of each sequence, [B, H]
        else:
            padded = pad_packed_sequence(out, batch_first=True, total_length=tokens.shape[1])[0] if self.pack else out
            mask = (torch.arange(tokens.shape[1])[None, :] < lengths[:, None]).unsqueeze(-1)  # valid steps
            if self.pool == "max":
                pooled = padded.masked_fill(~mask, float("-inf")).amax(dim=1)
            else:
                pooled = (padded * mask).sum(dim=1) / lengths[:, None].to(padded.dtype)
        return self.out(pooled)  # logits [B, 2]


def make_batch(batch, steps, vocab, lengths_mode, seed=1234):
    """Random token ids in [1, V), zero-padded past each length; lengths sorted descending."""
    g = torch.Generator().manual_seed(seed)
    if lengths_mode == "equal":
        lengths = torch.full((batch,), steps, dtype=torch.int64)
    else:  # mixed: uniform in [T/2, T], like an IMDB length bucket
        lengths = torch.randint(steps // 2, steps + 1, (batch,), generator=g).sort(descending=True).values
    tokens = torch.randint(1, vocab, (batch, steps), generator=g)
    tokens[torch.arange(steps)[None, :] >= lengths[:, None]] = 0
    labels = torch.randint(0, 2, (batch,), generator=g)
    return tokens, lengths, labels


def busy_cpu_seconds():
    """(CPU seconds used by the whole machine, by this process) since boot: for the competing-load figure."""
    ticks = [int(x) for x in open("/proc/stat").readline().split()[1:9]]
    t = os.times()
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK"), t.user + t.system  # minus idle, iowait


def wait_quiet(limit_pct, max_wait):
    """Wait (at most max_wait s) until other processes use < limit_pct of the machine over 1 s; returns s waited."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < max_wait:
        (all0, _), w0 = busy_cpu_seconds(), time.perf_counter()
        time.sleep(1.0)
        if 100.0 * (busy_cpu_seconds()[0] - all0) / ((time.perf_counter() - w0) * os.cpu_count()) < limit_pct:
            break
    return time.perf_counter() - t0


def timed(step, warmup, seconds, repeats):
    """Warm up for `warmup` s, then `repeats` windows of >= `seconds` s each.
    Returns ms per call of each window and the % of the machine's cores used by OTHER processes meanwhile."""
    end = time.perf_counter() + warmup
    while time.perf_counter() < end:
        step()
    per_call, (all0, own0), t_start = [], busy_cpu_seconds(), time.perf_counter()
    for _ in range(repeats):
        n, t0 = 0, time.perf_counter()
        while True:
            step()
            n += 1
            elapsed = time.perf_counter() - t0
            if elapsed >= seconds:
                break
        per_call.append(1000.0 * elapsed / n)
    (all1, own1), wall = busy_cpu_seconds(), time.perf_counter() - t_start
    return per_call, max(0.0, 100.0 * ((all1 - all0) - (own1 - own0)) / (wall * os.cpu_count()))


def blas_info():
    """Identify the BLAS actually mapped into this process (Debian's torch links the libblas.so.3 alternative)."""
    libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.split()[-1]})
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p
            return f"{lib.openblas_get_config().decode()} ({path}), openblas threads={lib.openblas_get_num_threads()}"
        except (OSError, AttributeError):
            continue
    return "not OpenBLAS: " + (", ".join(libs) or "no BLAS library mapped")  # e.g. the slow reference BLAS


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    csv = lambda conv: (lambda s: [conv(x) for x in s.split(",")])
    p.add_argument("--cell", type=csv(str), default=["elman", "lstm", "gru"], help="comma list of elman,lstm,gru")
    p.add_argument("--batch", type=csv(int), default=[1, 32, 64], help="comma list of batch sizes")
    p.add_argument("--steps", type=int, default=200, help="sequence length T (max length when mixed)")
    p.add_argument("--embedding", type=int, default=128)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--vocab", type=int, default=30000)
    p.add_argument("--pool", choices=["last", "max", "mean"], default="last")
    p.add_argument("--lengths", choices=["equal", "mixed"], default="equal")
    p.add_argument("--no-pack", action="store_true",
                   help="feed the padded batch instead of a PackedSequence (only with --lengths equal; see README)")
    p.add_argument("--mode", type=csv(str), default=["forward", "train"], help="comma list of forward,train")
    p.add_argument("--warmup", type=float, default=1.0, help="warm-up seconds before each measurement")
    p.add_argument("--seconds", type=float, default=2.0, help="seconds per timed repeat")
    p.add_argument("--repeats", type=int, default=5, help="timed repeats per measurement (median reported)")
    p.add_argument("--max-other", type=float, default=15.0,
                   help="%% of the cores other processes may use while timing; above it, wait and re-measure")
    p.add_argument("--retries", type=int, default=2, help="re-measurements when --max-other is exceeded")
    p.add_argument("--quiet-wait", type=float, default=60.0, help="max seconds to wait for a quiet machine")
    p.add_argument("--threads", type=int, default=2, help="torch intra-op threads (OpenBLAS stays at 1)")
    a = p.parse_args()
    assert set(a.cell) <= set(CELLS) and set(a.mode) <= {"forward", "train"}, "unknown cell or mode"
    assert not (a.no_pack and a.lengths == "mixed"), "--no-pack would run padding steps: use it with equal lengths"

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    env = {"torch": torch.__version__, "torch_threads": torch.get_num_threads(), "blas": blas_info(),
           "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "unset")}  # PASSIVE: see README, competing load
    print(f"# {json.dumps(env)}\n# loadavg at start: {os.getloadavg()}", file=sys.stderr)

    rows = []
    for cell in a.cell:
        for batch in a.batch:
            tokens, lengths, labels = make_batch(batch, a.steps, a.vocab, a.lengths)
            for mode in a.mode:
                torch.manual_seed(0)
                model = Classifier(cell, a.vocab, a.embedding, a.hidden, a.pool, not a.no_pack)
                if mode == "forward":
                    model.eval()
                    def step():
                        with torch.no_grad():
                            model(tokens, lengths)
                else:
                    model.train()
                    opt = torch.optim.Adam(model.parameters(), lr=1e-3)  # dense Adam over all V*E embedding rows too
                    def step():
                        opt.zero_grad(set_to_none=True)
                        loss = F.nll_loss(F.log_softmax(model(tokens, lengths), dim=1), labels)
                        loss.backward()
                        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
                        opt.step()
                tries = []  # (other processes' CPU %, ms list) per attempt; keep the least disturbed one
                for _ in range(a.retries + 1):
                    wait_quiet(a.max_other, a.quiet_wait)
                    ms, others_pct = timed(step, a.warmup, a.seconds, a.repeats)
                    tries.append((others_pct, ms))
                    if others_pct <= a.max_other:
                        break
                others_pct, ms = min(tries, key=lambda t: t[0])
                med = statistics.median(ms)
                row = {"cell": cell, "batch": batch, "mode": mode, "steps": a.steps, "embedding": a.embedding,
                       "hidden": a.hidden, "vocab": a.vocab, "pool": a.pool, "lengths": a.lengths,
                       "packed": not a.no_pack, "mean_length": round(lengths.float().mean().item(), 2),
                       "threads": a.threads,
                       "sequences_per_sec": round(1000.0 * batch / med, 2), "ms_per_batch": round(med, 3),
                       "ms_min": round(min(ms), 3), "ms_max": round(max(ms), 3),
                       "spread_pct": round(100.0 * (max(ms) - min(ms)) / med, 1), "repeats": a.repeats,
                       "loadavg_1m": round(os.getloadavg()[0], 2), "other_procs_cpu_pct": round(others_pct, 1),
                       "attempts": len(tries),                        **env}
                print(json.dumps(row), flush=True)
                rows.append(row)

    # Readable summary: sequences/s (median), with ± half the max-min range of the repeats, relative to the median.
    print(f"\n# loadavg at end: {os.getloadavg()}\n# sequences/s, pool={a.pool}, lengths={a.lengths}, "
          f"packed={not a.no_pack}, T={a.steps}, E={a.embedding}, H={a.hidden}, V={a.vocab}, threads={a.threads}",
          file=sys.stderr)
    cols = [(m, b) for m in a.mode for b in a.batch]
    print("| cell | " + " | ".join(f"{m} B={b}" for m, b in cols) + " |", file=sys.stderr)
    print("| --- " * (len(cols) + 1) + "|", file=sys.stderr)
    for cell in a.cell:
        got = {(r["mode"], r["batch"]): r for r in rows if r["cell"] == cell}
        cells = [f"{got[c]['sequences_per_sec']:,.1f} (±{got[c]['spread_pct'] / 2:.0f}%, "
                 f"o{got[c]['other_procs_cpu_pct']:.0f}%)" for c in cols]
        print(f"| {cell} | " + " | ".join(cells) + " |", file=sys.stderr)
    print("# (±x%: half the max-min range of the repeats; o y%: CPU used by other processes while timing, "
          "as % of all cores)", file=sys.stderr)


if __name__ == "__main__":
    main()
