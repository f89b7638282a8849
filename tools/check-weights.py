#!/usr/bin/env python3
"""Proves a Phasic run's weights in PyTorch.

Loads weights.safetensors of an architecture A run (recurrent MLP) into a PyTorch
definition of the model, reconstructs the same images without noise, and compares
with the reconstructions Phasic wrote:

    phasic reconstruct RUN --noise-free --n 64 --tensors rec.safetensors
    python3 tools/check-weights.py RUN/checkpoints/step-N/weights.safetensors rec.safetensors

Needs only PyTorch: a safetensors file is an 8-byte little-endian header length, a
JSON header (name -> dtype, shape, data_offsets) and the raw tensor bytes.
Prints the largest absolute difference; exits 0 when it is within --tolerance.
"""
import argparse
import json
import struct
import sys

import torch

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32, "U8": torch.uint8}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    base = 8 + length
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        raw = bytearray(data[base + begin:base + end])
        t = torch.frombuffer(raw, dtype=DTYPES[info["dtype"]]) if raw else torch.empty(0, dtype=DTYPES[info["dtype"]])
        out[name] = t.reshape(info["shape"]).clone()
    return out


class GaussianLayer(torch.nn.Module):
    """in -> hidden (ReLU) -> 2*out: a linear mean and a softplus std."""

    def __init__(self, w, prefix):
        super().__init__()
        self.hidden = torch.nn.Linear(*reversed(w[prefix + ".hidden.weight"].shape))
        self.output = torch.nn.Linear(*reversed(w[prefix + ".output.weight"].shape))
        self.out = self.output.out_features // 2

    def forward(self, x, noise_free=True):
        p = self.output(torch.relu(self.hidden(x)))
        mean, std = p[:, :self.out], torch.nn.functional.softplus(p[:, self.out:])
        return mean if noise_free else mean + std * torch.randn_like(mean)


class StochasticBlock(torch.nn.Module):
    """A Gaussian layer, its activation, and an optional stochastic recurrence merged as (z0 + r) / 2."""

    def __init__(self, w, prefix, activation):
        super().__init__()
        self.layer = GaussianLayer(w, prefix + ".layer")
        self.recurrence = torch.nn.Module()
        has_recurrence = prefix + ".recurrence.step.hidden.weight" in w
        if has_recurrence:
            self.recurrence.step = GaussianLayer(w, prefix + ".recurrence.step")
        self.has_recurrence = has_recurrence
        self.activation = activation

    def forward(self, x):
        z0 = self.activation(self.layer(x))
        if not self.has_recurrence:
            return z0
        return (z0 + self.activation(self.recurrence.step(z0))) * 0.5


class RecurrentMlp(torch.nn.Module):
    def __init__(self, w):
        super().__init__()
        self.inference = StochasticBlock(w, "model.inference", lambda t: t)
        self.generation = StochasticBlock(w, "model.generation", torch.tanh)

    def reconstruct(self, x):
        return self.generation(self.inference(x.reshape(x.shape[0], -1)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("weights")
    ap.add_argument("reconstructions")
    ap.add_argument("--tolerance", type=float, default=1e-5)
    args = ap.parse_args()
    w = read_safetensors(args.weights)
    model = RecurrentMlp(w)
    state = {k[len("model."):]: v for k, v in w.items() if k.startswith("model.")}
    model.load_state_dict(state, strict=True)
    r = read_safetensors(args.reconstructions)
    with torch.no_grad():
        ours = model.reconstruct(r["inputs"])
    diff = (ours - r["reconstructions"]).abs().max().item()
    print(f"max |PyTorch - Phasic| = {diff:.3g} over {ours.numel()} pixels (torch {torch.__version__})")
    return 0 if diff <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
