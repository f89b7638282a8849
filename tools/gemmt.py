"""The products of tools/GemmT.java in PyTorch (Debian's, on OpenBLAS), OpenBLAS capped at THREADS.

Run from the project's folder:  PYTHONPATH=python /usr/bin/python3 tools/gemmt.py tools/gemm-shapes.txt THREADS
"""
import sys, time, torch
from phasic_torch.bench import openblas_threads
t = int(sys.argv[2]); torch.set_num_threads(t); openblas_threads(t)
print("    m     k     n    NN     NT     TN     TT   (GFLOP/s, OpenBLAS)")
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) < 3: continue
    m, k, n = map(int, f[:3]); row = f"{m:5d} {k:5d} {n:5d}"
    for v in range(4):
        x = torch.randn(m, k) if not v & 2 else torch.randn(k, m).t()
        y = torch.randn(k, n) if not v & 1 else torch.randn(n, k).t()
        best = 1e9
        for i in range(9):
            t0 = time.perf_counter(); torch.mm(x, y).sum().item(); ms = (time.perf_counter() - t0) * 1e3
            if i >= 2: best = min(best, ms)
        row += f" {2.0*m*k*n/best/1e6:6.1f}"
    print(row)
