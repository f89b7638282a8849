"""Phasic's three architectures and their critics in PyTorch, loaded from a run directory.

    import phasic_torch
    net = phasic_torch.load("runs/X")          # the run's configuration and last checkpoint
    with phasic_torch.noise_free():            # every stochastic layer passes its mean
        layers = net.wake(x)                   # [x, h1, ..., z]: every layer's activity
        x_hat = net.reconstruct(x)             # x -> q -> p -> x
    score, features = net.score("x", layers[0])

Needs only PyTorch (and numpy if you want arrays). A run's weights.safetensors holds
``model.*`` and ``critics.*``; their names are this module's state dict, loaded strictly.
``python3 -m phasic_torch check RUN TENSORS`` compares every output Phasic wrote with
``reconstruct --noise-free --tensors`` or ``predict --noise-free --tensors``;
``python3 -m phasic_torch bench RUN`` times a PyTorch twin of the run's training step (``twin``, ``bench``).
"""
import contextlib
import json
import math
import os
import re
import struct

import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["load", "noise_free", "read_safetensors", "Run", "Unsupported"]

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32, "U8": torch.uint8}

# config.json leaves out what holds the recipe-free default of an option of another recipe;
# a run written before an option existed lacks it too, and the recipe-free default is how it behaved
DEFAULTS = {"objective": "COMBINED", "hidden": 512, "latent": 64, "recurrent": True, "width": 1.0, "imageSize": 32,
            "hiddenActivation": "RELU", "criticWidth": "PAPER", "minibatchStd": False, "batchSize": 64, "context": 10,
            "predict": 10, "pixelHeadroom": 1.5, "decoder": "DRAW", "frameCritic": "FRAME", "depth": 1,
            "pixelOutput": "TANH", "transforms": 1}
# options that shape no network (training, schedules, bookkeeping): read and ignored
TRAINING_ONLY = {"recipe", "gamma", "beta", "featureLayers", "hiddenWakeGradient", "gpWeight", "penaltyEvery", "nCritic", "steps", "epochs",
                 "lrInference", "lrGeneration", "lrCritic", "adamBeta1", "adamBeta2", "weightDecay", "clipNorm",
                 "decayStart", "decayEnd", "decayFactor", "scheduleSteps", "stdBias", "seed", "device", "data", "logEvery",
                 "checkpointEvery", "evalEvery", "threads", "onDivergence", "credit", "topDownBeta", "topDownSources", "criticDrift",
                 "truthDecay", "pixelAnchor", "testData", "adversarialWeight", "gradientShares"}
CHOICES = {"objective": {"WAKE_SLEEP", "OSCILLATION", "COMBINED"}, "hiddenActivation": {"RELU", "LEAKY"},
           "criticWidth": {"PAPER", "LAYER"}, "decoder": {"TRANSFORM", "CONTEXT", "DRAW"}, "frameCritic": {"FRAME", "JOINT"},
           "pixelOutput": {"TANH", "EXACT"}}
PATCH = 4


class Unsupported(Exception):
    """A run this package cannot rebuild; its message is one line."""


class _Noise:
    enabled = True


@contextlib.contextmanager
def noise_free():
    """Inside, every stochastic layer passes its mean instead of a sample (Phasic's --noise-free)."""
    before = _Noise.enabled
    _Noise.enabled = False
    try:
        yield
    finally:
        _Noise.enabled = before


def sample(mean, std):
    """A reparameterised draw mean + std * eps, or the mean inside noise_free()."""
    return mean + std * torch.randn_like(mean) if _Noise.enabled else mean


def read_safetensors(path):
    """name -> tensor, and the file's metadata: an 8-byte header length, a JSON header, the raw bytes."""
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
    return out, header.get("__metadata__") or {}


def java_round(x):
    """Math.round: half away from zero for positives, as Phasic sizes its layers."""
    return int(math.floor(x + 0.5))


def flatten(t):
    return t.reshape(t.shape[0], -1)


def pixel_norm(h):
    return h / torch.sqrt(h.square().mean(dim=1, keepdim=True) + 1e-8)


# ---------------------------------------------------------------- architecture A: the recurrent MLP

class GaussianLayer(nn.Module):
    """in -> hidden (ReLU) -> 2*out: a linear mean and a softplus std."""

    def __init__(self, n_in, hidden, n_out):
        super().__init__()
        self.hidden = nn.Linear(n_in, hidden)
        self.output = nn.Linear(hidden, 2 * n_out)
        self.n_out = n_out

    def forward(self, x):
        p = self.output(F.relu(self.hidden(x)))
        return p[:, :self.n_out], F.softplus(p[:, self.n_out:])


class StochasticBlock(nn.Module):
    """A Gaussian layer and its activation, refined by an optional stochastic recurrence merged as (z0 + r) / 2."""

    def __init__(self, n_in, hidden, n_out, recurrent, activation):
        super().__init__()
        self.layer = GaussianLayer(n_in, hidden, n_out)
        if recurrent:
            self.recurrence = nn.Module()
            self.recurrence.step = GaussianLayer(n_out, hidden, n_out)
        self.recurrent = recurrent
        self.activation = activation

    def forward(self, x):
        z0 = self.activation(sample(*self.layer(x)))
        if not self.recurrent:
            return z0
        return (z0 + self.activation(sample(*self.recurrence.step(z0)))) * 0.5


class RecurrentMlp(nn.Module):
    """Architecture A: x -> 512 -> z (inference), z -> 512 -> x (generation, tanh), each with its recurrence."""

    layer_names = ["x", "z"]

    def __init__(self, input_size, hidden, latent, recurrent):
        super().__init__()
        self.latent = latent
        self.inference = StochasticBlock(input_size, hidden, latent, recurrent, lambda t: t)
        self.generation = StochasticBlock(latent, hidden, input_size, recurrent, torch.tanh)

    def wake(self, x):
        flat = flatten(x)
        return [flat, self.inference(flat)]

    def predict(self, layer, above):
        if layer != 0:
            raise ValueError("layer %d has no top-down conditional" % layer)
        return self.generation(above)

    def prior(self, batch):
        return torch.randn(batch, self.latent)


# ---------------------------------------------------------------- architecture B: the hierarchical DCGAN

class ConvGaussianLayer(nn.Module):
    """A resolution-changing hidden ReLU layer, then a 3x3 convolution to a linear mean and a softplus std."""

    def __init__(self, n_in, hidden, n_out, upsample, in_size):
        super().__init__()
        if upsample:
            self.hidden = nn.ConvTranspose2d(n_in, hidden, 4, 2, 1)
        else:
            self.hidden = nn.Conv2d(n_in, hidden, 4, 2, 1) if in_size >= 2 else nn.Conv2d(n_in, hidden, 1, 1, 0)
        self.output = nn.Conv2d(hidden, 2 * n_out, 3, 1, 1)
        self.n_out = n_out

    def forward(self, x):
        p = self.output(F.relu(self.hidden(x)))
        return p[:, :self.n_out], F.softplus(p[:, self.n_out:])


class HierarchicalConv(nn.Module):
    """Architecture B: five stochastic layers at half the resolution of the one below, both directions convolutional."""

    BASE = [32, 64, 128, 256, 100]

    def __init__(self, channels, image_size, width, leaky):
        super().__init__()
        self.channels = [channels] + [max(1, java_round(b * width)) for b in self.BASE]
        self.image_size = image_size
        self.leaky = leaky
        self.layers = len(self.BASE)
        if image_size >> self.layers < 1:
            raise Unsupported("image size %d is too small for %d layers" % (image_size, self.layers))
        self.inference = nn.Module()
        self.generation = nn.Module()
        for l in range(1, self.layers + 1):
            c_in, c_out = self.channels[l - 1], self.channels[l]
            setattr(self.inference, "layer%d" % l, ConvGaussianLayer(c_in, max(c_in, c_out), c_out, False, self.size(l - 1)))
        for l in range(self.layers):
            c_in, c_out = self.channels[l + 1], self.channels[l]
            setattr(self.generation, "layer%d" % l, ConvGaussianLayer(c_in, max(c_in, c_out), c_out, True, self.size(l + 1)))
        self.layer_names = ["x"] + ["h%d" % l for l in range(1, self.layers)] + ["z"]

    def size(self, l):
        return self.image_size >> l

    def activate(self, layer, s):
        if layer == 0:
            return torch.tanh(s)
        if layer == self.layers:
            return s
        return pixel_norm(F.leaky_relu(s, 0.2) if self.leaky else F.relu(s))

    def wake(self, x):
        out, h = [x], x
        for l in range(1, self.layers + 1):
            h = self.activate(l, sample(*getattr(self.inference, "layer%d" % l)(h)))
            out.append(h)
        return out

    def predict(self, layer, above):
        return self.activate(layer, sample(*getattr(self.generation, "layer%d" % layer)(above)))

    def prior(self, batch):
        top = self.layers
        return torch.randn(batch, self.channels[top], self.size(top), self.size(top))


# ---------------------------------------------------------------- architecture C: the stochastic ConvLSTM video predictor

class ConvLstmCell(nn.Module):
    """Gates i, f, g, o and a std pre-activation from one convolution; the sampled hidden state is carried."""

    def __init__(self, n_in, hidden):
        super().__init__()
        self.gates = nn.Conv2d(n_in + hidden, 5 * hidden, 3, 1, 1)
        self.hidden = hidden

    def forward(self, x, state):
        h, c = state
        g = self.gates(torch.cat([x, h], 1))
        n = self.hidden
        i, f, cand, o = torch.sigmoid(g[:, :n]), torch.sigmoid(g[:, n:2 * n]), torch.tanh(g[:, 2 * n:3 * n]), torch.sigmoid(g[:, 3 * n:4 * n])
        c = f * c + i * cand
        return sample(o * torch.tanh(c), F.softplus(g[:, 4 * n:5 * n])), c


class FrameHead(nn.Module):
    """Decoder state and what the encoder read -> the next frame: moved by per-patch softmax kernels and masked, or drawn."""

    SHIFT, HIDDEN = 4, 32
    TAPS = 2 * SHIFT + 1

    def __init__(self, into, n_in, decoder, headroom, frame_size, output="TANH", transforms=1):
        super().__init__()
        self.decoder, self.headroom, self.output = decoder, headroom, output
        self.k = transforms if decoder != "DRAW" else 0
        reach = max(self.SHIFT, math.ceil(frame_size * 36.0 / 64))
        self.coarse_reach = math.ceil((reach - self.SHIFT) / self.TAPS) if decoder == "CONTEXT" else 0
        coarse_taps = 2 * self.coarse_reach + 1 if decoder == "CONTEXT" else 0
        pc = PATCH * PATCH
        n_out = 2 * self.TAPS * self.k + (self.k + 1) * pc + 2 * coarse_taps if decoder != "DRAW" else pc
        # registered in the generation network, as Phasic names them
        into.head_hidden = nn.Conv2d(n_in, self.HIDDEN, 3, 1, 1)
        into.head_hidden2 = nn.Conv2d(self.HIDDEN, self.HIDDEN, 3, 1, 1)
        into.head_out = nn.Conv2d(self.HIDDEN, n_out, 1, 1, 0)
        self.__dict__["into"] = into      # not a submodule: the layers belong to the generation network

    def emit(self, state, read, source):
        g = self.into
        params = g.head_out(F.relu(g.head_hidden2(F.relu(g.head_hidden(torch.cat([state, read], 1))))))
        if self.decoder == "DRAW":
            v = F.pixel_shuffle(params, PATCH)
            return self.in_range(torch.tanh(v / self.headroom) * self.headroom)
        t, pc, k = self.TAPS, PATCH * PATCH, self.k
        v = F.pixel_shuffle(params[:, 2 * t * k + k * pc:2 * t * k + (k + 1) * pc], PATCH)
        drawn = torch.tanh(v / self.headroom) * self.headroom if self.output == "EXACT" else torch.tanh(v)
        if self.coarse_reach > 0:
            first, n = 2 * t * k + (k + 1) * pc, 2 * self.coarse_reach + 1
            cx, cy = torch.softmax(params[:, first:first + n], 1), torch.softmax(params[:, first + n:first + 2 * n], 1)
            source = self.shift(self.shift(source, cx, 3, t), cy, 2, t)
        moved = [self.shift(self.shift(source, torch.softmax(params[:, 2 * t * i:2 * t * i + t], 1), 3, 1),
                            torch.softmax(params[:, 2 * t * i + t:2 * t * (i + 1)], 1), 2, 1) for i in range(k)]
        logits = F.pixel_shuffle(params[:, 2 * t * k:2 * t * k + k * pc], PATCH)
        if k == 1:
            mask = torch.sigmoid(logits)
            return self.in_range(drawn + mask * (moved[0] - drawn))
        # a softmax per pixel over the k moved copies and the drawn pixels (logit 0)
        w = torch.softmax(torch.cat([logits, torch.zeros_like(drawn)], 1), 1)
        return self.in_range(sum(w[:, i:i + 1] * moved[i] for i in range(k)) + w[:, k:] * drawn)

    def in_range(self, y):
        """Clamped to [-1, 1]; EXACT passes the gradient straight through the clamp (the same values)."""
        clamped = torch.clamp(y, -1, 1)
        return clamped if self.output == "TANH" else clamped.detach() + (y - y.detach())

    @staticmethod
    def shift(frame, kernel, dim, step):
        """Per pixel, sum over taps a of kernel[a] (of the pixel's patch) times the pixel (a - reach)*step away along dim; beyond the frame is background."""
        n, s = kernel.shape[1], frame.shape[dim]
        pad = (n // 2) * step
        padded = F.pad(frame, (pad, pad, 0, 0) if dim == 3 else (0, 0, pad, pad), value=-1.0)
        k = kernel.repeat_interleave(PATCH, 2).repeat_interleave(PATCH, 3)       # (B, n, S, S)
        out = torch.zeros_like(frame)
        for a in range(n):
            out = out + k[:, a:a + 1] * padded.narrow(dim, a * step, s)
        return out


def mix(truth, predicted, share):
    """VideoPredictor.mix: per sequence the true frame with probability ``share``, else the prediction."""
    use_truth = (torch.rand(truth.shape[0], 1, 1, 1) < share).to(truth.dtype)
    return predicted + (truth - predicted) * use_truth


class ConvLstmStack(nn.Module):
    """Cells registered in a container as name, name2, name3, ...; each reads the sampled state below."""

    def __init__(self, into, name, cells):
        super().__init__()
        self.names = [name if k == 0 else "%s%d" % (name, k + 1) for k in range(len(cells))]
        for n, cell in zip(self.names, cells):
            setattr(into, n, cell)
        self.__dict__["into"] = into

    def cells(self):
        return [getattr(self.into, n) for n in self.names]

    def zeros(self, rows, size):
        return [(torch.zeros(rows, c.hidden, size, size), torch.zeros(rows, c.hidden, size, size)) for c in self.cells()]

    def forward(self, x, state):
        out, below = [], x
        for cell, s in zip(self.cells(), state):
            nxt = cell(below, s)
            out.append(nxt)
            below = nxt[0]
        return out


class VideoPredictor(nn.Module):
    """Architecture C: a stochastic ConvLSTM encoder (q) and decoder (p) on 4x4 patches and a frame head."""

    layer_names = ["x", "z"]

    def __init__(self, frame_size, channels, depth, context, predict, headroom, decoder, conditioned, output="TANH", transforms=1):
        super().__init__()
        self.frame_size, self.channels, self.context, self.predict_frames = frame_size, channels, context, predict
        self.decoder_kind, self.conditioned = decoder, conditioned
        pc = PATCH * PATCH
        self.inference = nn.Module()
        self.generation = nn.Module()
        self.encoder = ConvLstmStack(self.inference, "encoder", [ConvLstmCell(2 * pc if k == 0 else channels, channels) for k in range(depth)])
        self.decoder = ConvLstmStack(self.generation, "decoder", [ConvLstmCell(channels, channels) for _ in range(depth)])
        self.head = FrameHead(self.generation, channels + 2 * pc, decoder, headroom, frame_size, output, transforms)

    def state_size(self):
        return self.frame_size // PATCH

    @staticmethod
    def read(frame, before):
        """What the encoder reads: the frame and its change since the frame before, as patches."""
        return F.pixel_unshuffle(torch.cat([frame, frame - before], 1), PATCH)

    def source(self, last, frame):
        return last if self.decoder_kind == "CONTEXT" else frame

    def closed_loop(self, x, context, frames, truth_share=0.0):
        """VideoPredictor.closedLoop: the encoder reads the context, then every step predicts and reads back its
        prediction, or with ``truth_share`` > 0 (training's scheduled sampling) per sequence the true frame with that
        probability."""
        b, s = x.shape[0], self.state_size()
        enc, dec = self.encoder.zeros(b, s), self.decoder.zeros(b, s)
        frame = before = x[:, 0:1]
        last = x[:, context - 1:context]
        predictions, read, states = [], [], []
        for t in range(context + frames - 1):
            inp = self.read(frame, before)
            enc = self.encoder(inp, enc)
            before = frame
            dec = self.decoder(enc[-1][0], dec)
            if t + 1 < context:
                frame = x[:, t + 1:t + 2]
                continue
            predicted = self.head.emit(dec[-1][0], inp, self.source(last, frame))
            predictions.append(predicted)
            read.append(frame)
            states.append(enc[-1][0])
            frame = mix(x[:, t + 1:t + 2], predicted, truth_share) if truth_share > 0 else predicted
        return predictions, read, states

    def rollout(self, context, frames):
        """Closed-loop prediction: (B, C, S, S) context frames -> (B, frames, S, S)."""
        return torch.cat(self.closed_loop(context, context.shape[1], frames)[0], 1)

    @staticmethod
    def sequence_major(steps):
        s = torch.stack(steps, 1)
        return s.reshape(s.shape[0] * s.shape[1], *s.shape[2:])

    def wake_pass(self, x):
        """x (B, T, S, S) -> (wake layers [x rows, z], oscillation [predicted x rows]): the closed loop of test time."""
        c, p, s = self.context, self.predict_frames, self.frame_size
        predictions, read, states = self.closed_loop(x, c, p)
        truth = x[:, c:c + p].reshape(-1, 1, s, s)
        predicted, z = self.sequence_major(predictions), self.sequence_major(states)
        if not self.conditioned:
            return [truth, z], [predicted]
        before = x[:, c - 1:c - 1 + p].reshape(-1, 1, s, s)
        return [torch.cat([before, truth], 1), z], [torch.cat([self.sequence_major(read), predicted], 1)]

    def wake(self, x):
        return self.wake_pass(x)[0]

    def prior(self, rows):
        s = self.state_size()
        a, c = torch.randn(rows, self.channels, s, s), torch.randn(rows, self.channels, s, s)
        return torch.sigmoid(a) * torch.tanh(c)

    def predict(self, layer, above):
        """One frame from a state with a fresh decoder, after an empty frame."""
        if layer != 0:
            raise ValueError("the video model has one layer below z")
        empty = torch.full((above.shape[0], 1, self.frame_size, self.frame_size), -1.0)
        dec = self.decoder(above, self.decoder.zeros(above.shape[0], self.state_size()))
        frame = self.head.emit(dec[-1][0], self.read(empty, empty), empty)
        return torch.cat([empty, frame], 1) if self.conditioned else frame


# ---------------------------------------------------------------- critics

class MlpCritic(nn.Module):
    """Three LeakyReLU(0.2) layers and a linear score; features: the three hidden layers."""

    def __init__(self, n_in, hidden):
        super().__init__()
        self.l1, self.l2, self.l3, self.out = nn.Linear(n_in, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, 1)

    def forward(self, x):
        h1 = F.leaky_relu(self.l1(flatten(x)), 0.2)
        h2 = F.leaky_relu(self.l2(h1), 0.2)
        h3 = F.leaky_relu(self.l3(h2), 0.2)
        return self.out(h3).reshape(-1), torch.cat([h1, h2, h3], 1)


class ConvCritic(nn.Module):
    """Two convolutions (LeakyReLU, pixel norm) and a linear score; kernels shrink with the map; features: both maps."""

    def __init__(self, channels, size, h1, h2, group=0):
        super().__init__()
        k = 4 if size >= 4 else 3 if size == 2 else 1
        stride = 2 if size >= 4 else 1
        pad = 1 if size >= 2 else 0
        s2 = size // 4 if size >= 4 else size
        self.c1, self.c2 = nn.Conv2d(channels, h1, k, stride, pad), nn.Conv2d(h1, h2, k, stride, pad)
        self.out = nn.Linear(h2 * s2 * s2 + (1 if group > 0 else 0), 1)
        self.group = group

    def forward(self, x):
        a1 = pixel_norm(F.leaky_relu(self.c1(x), 0.2))
        a2 = pixel_norm(F.leaky_relu(self.c2(a1), 0.2))
        last = flatten(a2)
        if self.group > 0:
            b = last.shape[0]
            g = self.group if b % self.group == 0 else b
            grouped = last.reshape(b // g, g, -1)
            std = torch.sqrt((grouped - grouped.mean(1, keepdim=True)).square().mean(1) + 1e-8)
            last = torch.cat([last, std.mean(1, keepdim=True).unsqueeze(1).expand(b // g, g, 1).reshape(b, 1)], 1)
        return self.out(last).reshape(-1), torch.cat([flatten(a1), flatten(a2)], 1)


class FrameCritic(nn.Module):
    """The video model's frame critic: patches, a 3x3 and a 4x4 stride-2 convolution (LeakyReLU), a linear score."""

    def __init__(self, channels, size, h1, h2):
        super().__init__()
        self.c1 = nn.Conv2d(channels * PATCH * PATCH, h1, 3, 1, 1)
        self.c2 = nn.Conv2d(h1, h2, 4, 2, 1)
        s2 = size // PATCH // 2
        self.out = nn.Linear(h2 * s2 * s2, 1)

    def forward(self, x):
        a1 = F.leaky_relu(self.c1(F.pixel_unshuffle(x, PATCH)), 0.2)
        features = flatten(F.leaky_relu(self.c2(a1), 0.2))
        return self.out(features).reshape(-1), features


# ---------------------------------------------------------------- a run

class Run(nn.Module):
    """A trained Phasic network: ``model`` (the architecture) and ``critics`` (by layer, or ``joint``)."""

    def __init__(self, config, model, critics, input_shape):
        super().__init__()
        self.config = config
        self.model = model
        self.critics = nn.ModuleDict(critics)
        self.input_shape = input_shape     # one input without the batch: (C, H, W), or (T, S, S) for video

    @property
    def layer_names(self):
        return self.model.layer_names

    def wake(self, x):
        """Every layer's activity in the wake phase, the input first."""
        return self.model.wake(x)

    def top_down(self, activity, layer):
        """A top-down pass from activity of layer ``layer`` (an index or a name): [x_hat, ..., activity]."""
        k = self.layer_names.index(layer) if isinstance(layer, str) else layer
        out = [None] * k + [activity]
        for l in range(k - 1, -1, -1):
            out[l] = self.model.predict(l, out[l + 1])
        return out

    def reconstruct(self, x):
        """x -> q -> p -> x_hat through the top layer (the video model: each frame's one-step prediction)."""
        if isinstance(self.model, VideoPredictor):
            osc = self.model.wake_pass(x)[1][0]
            return osc[:, -1:]
        w = self.wake(x)
        return self.top_down(w[-1], len(w) - 1)[0].reshape(x.shape)

    def sleep(self, batch):
        """A dream: the top layer from its prior, then every layer below through p (the video model: its bounce is not ported; one frame per state)."""
        top = self.model.prior(batch)
        return self.top_down(top, len(self.layer_names) - 1)

    def score(self, name, activity):
        """The critic ``name``'s score (B) and features (B, F); ``joint`` reads every wake layer (a list)."""
        if name == "joint":
            activity = torch.cat([flatten(t) for t in activity], 1)
        return self.critics[name](activity)

    def predict_video(self, context, frames):
        """Closed-loop prediction of the video model: (B, C, S, S) -> (B, frames, S, S)."""
        if not isinstance(self.model, VideoPredictor):
            raise Unsupported("only a moving-mnist run predicts video")
        return self.model.rollout(context, frames)


def _config(run_dir):
    path = os.path.join(run_dir, "config.json")
    if not os.path.isfile(path):
        raise Unsupported("not a run directory (no config.json): %s" % run_dir)
    with open(path) as f:
        raw = json.load(f)
    for key, value in raw.items():
        if key in CHOICES and isinstance(value, str):
            value = raw[key] = value.upper().replace("-", "_")     # spelt as on the command line, or as the enum
        if key not in DEFAULTS and key not in TRAINING_ONLY:
            raise Unsupported("cannot rebuild the option '%s' of %s (written by a newer Phasic?)" % (key, run_dir))
        if key in CHOICES and value not in CHOICES[key]:
            raise Unsupported("cannot rebuild %s = %s of %s" % (key, value, run_dir))
    config = dict(DEFAULTS)
    config.update(raw)
    return config


def latest_checkpoint(run_dir):
    """The newest intact checkpoint: the ``step-N`` folder with the highest N that holds weights.

    A ``step-N.tmp`` left by a write that did not finish and a ``step-N.damaged`` set aside by
    Phasic are not checkpoints, as in Phasic's own ``Checkpoint.latest``.
    """
    folder = os.path.join(run_dir, "checkpoints")
    intact = {}
    for d in os.listdir(folder) if os.path.isdir(folder) else []:
        if re.fullmatch(r"step-[0-9]+", d) and os.path.isfile(os.path.join(folder, d, "weights.safetensors")):
            intact[int(d[len("step-"):])] = d
    if not intact:
        raise Unsupported("no checkpoint in %s" % folder)
    return os.path.join(folder, intact[max(intact)])


def build(config, weights):
    """The architecture and critics a configuration describes; sizes the configuration does not state come from the weights."""
    recipe, objective = config.get("recipe", "mnist-recurrent"), config["objective"]
    hidden, width = config["hidden"], config["width"]
    if recipe == "mnist-recurrent":
        input_size = weights["model.inference.layer.hidden.weight"].shape[1]
        side = int(round(math.sqrt(input_size)))
        model = RecurrentMlp(input_size, hidden, config["latent"], config["recurrent"])
        if objective == "WAKE_SLEEP":
            critics = {"joint": MlpCritic(input_size + config["latent"], hidden)}
        else:
            critics = {"x": MlpCritic(input_size, hidden), "z": MlpCritic(config["latent"], hidden)}
        return model, critics, (1, side, side) if side * side == input_size else (input_size,)
    if recipe == "hierarchical":
        channels, size = weights["model.inference.layer1.hidden.weight"].shape[1], config["imageSize"]
        model = HierarchicalConv(channels, size, width, config["hiddenActivation"] == "LEAKY")
        if objective == "WAKE_SLEEP":
            joint = sum(model.channels[l] * model.size(l) ** 2 for l in range(model.layers + 1))
            return model, {"joint": MlpCritic(joint, hidden)}, (channels, size, size)
        h1, h2 = max(1, java_round(64 * width)), max(1, java_round(128 * width))
        wide, group = config["criticWidth"] == "LAYER", config["batchSize"] if config["minibatchStd"] else 0
        critics = {}
        for l, name in enumerate(model.layer_names):
            c = model.channels[l]
            critics[name] = ConvCritic(c, model.size(l), max(h1, c) if wide else h1, max(h2, c) if wide else h2, group)
        return model, critics, (channels, size, size)
    if recipe == "moving-mnist":
        size, channels = config["imageSize"], max(1, java_round(32 * width))
        conditioned = config["frameCritic"] == "JOINT"
        model = VideoPredictor(size, channels, config["depth"], config["context"], config["predict"], config["pixelHeadroom"],
                               config["decoder"], conditioned, config["pixelOutput"],
                               config["transforms"])
        h1, h2 = max(1, java_round(32 * width)), max(1, java_round(64 * width))
        critics = {"x": FrameCritic(2 if conditioned else 1, size, h1, h2), "z": ConvCritic(channels, model.state_size(), h1, h2)}
        return model, critics, (config["context"] + config["predict"], size, size)
    raise Unsupported("cannot rebuild the recipe '%s'" % recipe)


def load(run_dir, checkpoint=None):
    """The run's networks with the weights of ``checkpoint`` (a folder; default the latest), in evaluation mode."""
    config = _config(run_dir)
    folder = checkpoint or latest_checkpoint(run_dir)
    weights, _ = read_safetensors(os.path.join(folder, "weights.safetensors"))
    model, critics, input_shape = build(config, weights)
    run = Run(config, model, critics, input_shape)
    state = run.state_dict()
    missing, unexpected = sorted(set(state) - set(weights)), sorted(set(weights) - set(state))
    if missing or unexpected:
        raise Unsupported("the weights of %s do not fit the rebuilt network (missing %s, unexpected %s)"
                          % (folder, missing[:3], unexpected[:3]))
    for name, t in weights.items():
        if tuple(t.shape) != tuple(state[name].shape):
            raise Unsupported("%s has shape %s in %s, the rebuilt network %s" % (name, tuple(t.shape), folder, tuple(state[name].shape)))
    run.load_state_dict(weights, strict=True)
    return run.eval()
