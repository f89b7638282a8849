"""python3 -m phasic_torch bench RUN_OR_RECIPE: time the PyTorch twin's training step as ``phasic bench`` times Phasic's.

As cli/BenchCommand: ``--warmup`` untimed steps, then ``--steps`` timed ones, each timed from drawing its
batch to the end of its updates; the last line is ``ms/step: <median>``, or the mean when the penalty is lazy
(``penaltyEvery`` > 1: one step in k computes it, so the mean is a run's pace), as Phasic reports it.
``--profile`` then runs torch.profiler over one cycle of steps (the lazy penalty's and the top-down sources'),
and a dispatch counter over the next, and prints the aten operations per step, for comparison with the
native calls Phasic makes.
"""
import argparse
import json
import math
import statistics
import sys
import time
from collections import Counter

import torch
from torch.utils._python_dispatch import TorchDispatchMode

import phasic_torch as pt
from phasic_torch import twin


def parse_set(items):
    """NAME=VALUE pairs (config.json's names) -> dict; a value is read as JSON when it parses, else as a string."""
    out = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep:
            raise pt.Unsupported("--set takes NAME=VALUE, found %s" % item)
        try:
            out[name] = json.loads(value)
        except ValueError:
            out[name] = value
    return out


def _openblas_libraries():
    """The OpenBLAS libraries this process has loaded (Debian's PyTorch links one; a pip PyTorch uses MKL)."""
    import re
    try:
        with open("/proc/self/maps") as f:
            return sorted(set(re.findall(r"(/\S*libopenblas\S*\.so\S*)", f.read())))
    except OSError:
        return []


def _openblas_call(name, *args):
    """``name(*args)`` of each loaded OpenBLAS that exports it: the results."""
    import ctypes
    out = []
    for lib in _openblas_libraries():
        try:
            out.append(getattr(ctypes.CDLL(lib), name)(*args))
        except (OSError, AttributeError):
            pass
    return out


def openblas_threads(n):
    """Caps OpenBLAS's own thread pool at ``n``.

    torch.set_num_threads sets OpenMP's and MKL's threads but not OpenBLAS's: a PyTorch built on OpenBLAS
    (Debian's python3-torch uses libopenblas0-pthread) otherwise runs every matrix product on all the cores,
    so a "1-thread" step uses two, and at 2 threads OpenBLAS's pool and OpenMP's spin against each other.
    """
    import ctypes
    _openblas_call("openblas_set_num_threads", ctypes.c_int(n))


def openblas_thread_counts():
    """The thread count each loaded OpenBLAS reports (empty when PyTorch uses another BLAS)."""
    return _openblas_call("openblas_get_num_threads")


def cycle_length(step):
    """Steps after which the step's work repeats: the lazy penalty's cycle and the top-down sources' (HierarchicalRecipe)."""
    c = step.config
    every, n = c["penaltyEvery"], c["nCritic"]
    penalty = every // math.gcd(every, n)                   # critic update u = step·n + k penalised when u % every == 0
    sources = 1
    if step.objective.needs_top_down and c["recipe"] == "hierarchical" and c["topDownSources"] == "CYCLE" and step.model.top >= 2:
        sources = step.model.top - 1
    return penalty * sources // math.gcd(penalty, sources)


def _is_aten(event):
    return event.name.startswith("aten::")


def count_profiled(events):
    """Of one profiled step: aten ops at every level (nested calls included), backward nodes run, aten ops by name."""
    names = Counter(e.name for e in events if _is_aten(e))
    backward = sum(e.name.startswith("autograd::engine::evaluate_function:") for e in events)
    return sum(names.values()), backward, names


class DispatchCount(TorchDispatchMode):
    """Counts the ops that reach a kernel: those called from Python, from backward formulas and from the autograd
    engine, after composite ops (linear, …) are taken apart, but not the calls a kernel makes inside itself.

    Exact, where torch.profiler's nesting is not: it nests calls by their microsecond timestamps.
    """

    def __init__(self):
        super().__init__()
        self.calls = Counter()

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.calls["aten::" + func.overloadpacket.__name__] += 1
        return func(*args, **(kwargs or {}))


def profile(step, steps, top=15):
    """One cycle of ``steps`` training steps under torch.profiler, then the next cycle under DispatchCount; prints per step."""
    from torch.profiler import ProfilerActivity, profile as torch_profile
    rows, self_us = [], Counter()
    for _ in range(steps):
        x, index = step.batch(), step.step
        with torch_profile(activities=[ProfilerActivity.CPU]) as prof:
            step(x)
        events = prof.events()
        total, backward, _ = count_profiled(events)
        rows.append([index, total, 0, backward])
        for e in events:
            if _is_aten(e):
                self_us[e.name] += e.self_cpu_time_total
    calls = Counter()
    for row in rows:                                        # the same places in the next cycle
        x = step.batch()
        with DispatchCount() as counted:
            step(x)
        row[2] = sum(counted.calls.values())
        calls.update(counted.calls)
    print("profile: %d step%s under torch.profiler, then the next %d under a dispatch counter (one cycle of the penalty "
          "and top-down sources each)" % (steps, "" if steps == 1 else "s", steps))
    print("  %-6s %12s %12s %15s" % ("step", "aten ops", "dispatched", "backward nodes"))
    for row in rows:
        print("  %-6d %12d %12d %15d" % tuple(row))
    mean = lambda i: sum(r[i] for r in rows) / len(rows)
    print("  %-6s %12.1f %12.1f %15.1f" % ("mean", mean(1), mean(2), mean(3)))
    print("  (aten ops: every aten call the profiler saw, nested ones included; dispatched: the calls that reach a kernel,"
          " from Python or the autograd engine, counted exactly)")
    print("top ops by dispatched calls per step:")
    for name, n in calls.most_common(top):
        print("  %-40s %9.1f" % (name, n / steps))
    print("top aten ops by self CPU time per step (profiled, so slower than timed):")
    for name, us in sorted(self_us.items(), key=lambda kv: -kv[1])[:top]:
        print("  %-40s %9.2f ms" % (name, us / steps / 1000))


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m phasic_torch bench", description=__doc__.splitlines()[0])
    ap.add_argument("run", metavar="RUN_OR_RECIPE", help="a Phasic run directory (its config.json), or a recipe's name for its defaults")
    ap.add_argument("--steps", type=int, default=50, help="timed steps (default 50)")
    ap.add_argument("--warmup", type=int, default=10, help="untimed steps first (default 10)")
    ap.add_argument("--threads", type=int, help="intra-op threads (default the configuration's threads; 0 there: PyTorch's default)")
    ap.add_argument("--seed", type=int, help="random seed (default the configuration's)")
    ap.add_argument("--set", action="append", metavar="NAME=VALUE", help="an option by its config.json name, e.g. --set penaltyEvery=1 (repeatable)")
    ap.add_argument("--profile", action="store_true", help="then count the aten ops of a cycle of steps (torch.profiler and a dispatch counter)")
    args = ap.parse_args(argv)
    if args.steps < 1 or args.warmup < 0:
        print("phasic_torch bench: --steps must be ≥ 1 and --warmup ≥ 0", file=sys.stderr)
        return 2
    try:
        overrides = parse_set(args.set)
        if args.seed is not None:
            overrides["seed"] = args.seed
        config = twin.configuration(args.run, overrides)
        threads = args.threads if args.threads is not None else config["threads"]
        if threads > 0:
            torch.set_num_threads(threads)
            openblas_threads(threads)
        # as phasic bench: the schedules planned over the bench's own steps
        step = twin.TrainingStep(config, schedule_steps=config["scheduleSteps"] or args.warmup + args.steps)
    except pt.Unsupported as e:
        print("phasic_torch: %s" % e, file=sys.stderr)
        return 2
    c = config
    blas = openblas_thread_counts()
    print("bench %s / %s, batch %d, n_critic %d, cpu, torch %s, %d threads%s" % (c["recipe"], c["objective"].lower().replace("_", "-"),
          c["batchSize"], c["nCritic"], torch.__version__, torch.get_num_threads(),
          ", OpenBLAS %d threads" % max(blas) if blas else ""))
    print("twin of %s; fresh weights (Phasic's initialisation, seed %d); batches uniform in [-1, 1] of shape %s"
          % (c["_run"] or "the recipe's defaults", c["seed"], (c["batchSize"],) + tuple(step.input_shape)))
    print("parameters: " + ", ".join("%s %d" % kv for kv in step.parameter_counts().items()))
    ms = []
    for i in range(args.warmup + args.steps):
        t0 = time.perf_counter()
        step(step.batch())
        if i >= args.warmup:
            ms.append((time.perf_counter() - t0) * 1e3)
    ordered = sorted(ms)
    median, mean = ordered[len(ms) // 2], statistics.fmean(ms)      # BenchCommand's median: the upper one
    print("steps: %d timed after %d warm-up; min %.2f, median %.2f, mean %.2f, p90 %.2f, max %.2f ms"
          % (len(ms), args.warmup, ordered[0], median, mean, ordered[min(len(ms) - 1, int(math.floor(0.9 * len(ms))))], ordered[-1]))
    if args.profile:
        profile(step, cycle_length(step))
    lazy = c["penaltyEvery"] > 1
    if lazy:
        print("ms/step is the mean: one step in %d computes the penalty" % c["penaltyEvery"])
    print("ms/step: %.2f" % (mean if lazy else median))
    return 0


if __name__ == "__main__":
    sys.exit(main())
