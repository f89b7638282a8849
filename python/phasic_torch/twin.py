"""A PyTorch twin of Phasic's training step: the same updates, for timing them against ``phasic bench``.

    import phasic_torch.twin as twin
    config = twin.configuration("runs/X")                # or a recipe's name: twin.configuration("hierarchical")
    step = twin.TrainingStep(config)                     # fresh weights, Phasic's initialisation
    step(step.batch())                                   # one network step with its critic steps

It is a benchmark, not a second trainer: it writes nothing, reads no data (a batch is uniform noise
in the data's range [-1, 1], of the configured shape) and keeps no metrics. What it does mirror is
the step itself, file by file in ``src/main/java/dev/phasic``:

- ``training/Trainer.update``: ``n_critic`` critic updates, the last on the network step's phases
  detached, then one update of q and p; ``Trainer.criticStep``'s lazy penalty (only critic update
  ``u`` with ``u % k == 0`` computes it, at weight k·λ); ``Trainer.applySchedule``'s learning rates.
- ``training/Steps``: zero the gradients (to None, as libtorch 2's ``zero_grad``), the loss, one
  scalar read to check it is finite, backward, the update; the critics frozen for the network's.
- ``objectives/Phases.sample``: the wake pass with its oscillation predictions, the sleep pass, the
  top-down pass from a recipe-chosen layer (``Recipe.topDownSource``), with the recipe's truth share.
- ``objectives/Eq7Eq8LocalCritics``, ``objectives/Eq4GlobalWakeSleep``, ``objectives/GradientPenalty``.
- ``torch/Adams`` and ``training/Session``: three Adams (q, p, every critic), Adam's L2 weight decay.
- ``models/LocalCredit``: ``--credit local`` and ``local-loop`` cut the conditionals' inputs.
- ``video/VideoPredictor``: the training wake pass with scheduled sampling and the sleep bounce;
  ``video/FrameHead``: its shifts as Phasic computes them (banded matrix products).

The networks and critics are this package's (``phasic_torch.build``), which reproduce Phasic's
forward passes; this module adds what only training needs.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

import phasic_torch as pt

# TrainConfig.DEFAULTS: every option's recipe-free default (the @Default of each options record:
# training/ObjectiveOptions, OptimiserOptions, NetworkOptions, RunOptions, recurrent/MlpOptions,
# hierarchical/HierarchyOptions, video/VideoOptions). A run's config.json is read on top of these,
# as TrainConfig.fromJson reads it.
RECIPE_FREE_DEFAULTS = {
    "recipe": "mnist-recurrent", "objective": "COMBINED",
    "gamma": 0.5, "beta": 1.0, "featureLayers": 0, "hiddenWakeGradient": False, "gpWeight": 10.0, "penaltyEvery": 1,
    "credit": "BACKPROP",
    "nCritic": 1, "batchSize": 64, "steps": 3000, "epochs": 0, "lrInference": 2e-4, "lrGeneration": 2e-4, "lrCritic": 2e-4,
    "adamBeta1": 0.5, "adamBeta2": 0.999, "weightDecay": 2.5e-5, "clipNorm": 0.0, "decayStart": 0.5, "decayEnd": 0.625,
    "decayFactor": 0.1, "scheduleSteps": 0,
    "stdBias": -3.0, "hidden": 512, "width": 1.0, "imageSize": 32,
    "seed": 1, "device": "cpu", "data": "embedded", "logEvery": 50, "checkpointEvery": 1000, "evalEvery": 0, "threads": 0,
    "onDivergence": "STOP", "gradientShares": False,
    "latent": 64, "recurrent": True,
    "hiddenActivation": "RELU", "topDownBeta": 0.0, "topDownSources": "TOP", "criticWidth": "PAPER", "minibatchStd": False,
    "criticDrift": 0.0,
    "context": 10, "predict": 10, "truthDecay": 0.0, "pixelHeadroom": 1.5, "decoder": "DRAW", "frameCritic": "FRAME",
    "depth": 1, "pixelAnchor": 0.0, "testData": "", "adversarialWeight": 1.0, "pixelOutput": "TANH", "transforms": 1,
}

# Recipe.defaults(): what each recipe changes (hierarchical/HierarchicalRecipe, video/MovingMnistRecipe)
RECIPE_DEFAULTS = {
    "mnist-recurrent": {},
    "hierarchical": {"steps": 5000, "penaltyEvery": 4, "decayStart": 0.8, "decayEnd": 0.9, "width": 0.25,
                     "hiddenActivation": "LEAKY", "topDownBeta": 1.0, "topDownSources": "CYCLE", "criticWidth": "LAYER"},
    "moving-mnist": {"batchSize": 32, "lrInference": 1e-3, "lrGeneration": 1e-3, "lrCritic": 1e-3, "width": 0.5,
                     "imageSize": 64, "truthDecay": 0.5, "beta": 0.01, "decoder": "TRANSFORM", "frameCritic": "JOINT",
                     "pixelAnchor": 100.0, "adversarialWeight": 0.1, "steps": 2200},
}

# the choices, spelt in config.json as on the command line ("local-loop") or as the enum ("LOCAL_LOOP")
CHOICE_OPTIONS = {"objective", "credit", "onDivergence", "hiddenActivation", "topDownSources", "criticWidth", "decoder",
                  "frameCritic", "pixelOutput"}

# the embedded digits (data "embedded"): 28x28, one channel; the hierarchical recipe pads them to imageSize
DIGIT_SIDE = 28


# ---------------------------------------------------------------- the configuration

def configuration(run_or_recipe, overrides=None):
    """The training configuration of a run directory (its config.json) or of a recipe's defaults, as a dict.

    ``overrides`` (option name -> value, config.json's names) go on top, as ``phasic bench``'s options do.
    The dict also holds ``_run``: the run directory, or None for a recipe.
    """
    overrides = dict(overrides or {})
    if os.path.isdir(run_or_recipe):
        path = os.path.join(run_or_recipe, "config.json")
        if not os.path.isfile(path):
            raise pt.Unsupported("not a run directory (no config.json): %s" % run_or_recipe)
        with open(path) as f:
            raw = json.load(f)
        config = dict(RECIPE_FREE_DEFAULTS)                  # TrainConfig.fromJson
        run = run_or_recipe
    elif run_or_recipe in RECIPE_DEFAULTS:
        raw = {"recipe": run_or_recipe}
        config = dict(RECIPE_FREE_DEFAULTS)                  # TrainConfig.defaults(recipe)
        config.update(RECIPE_DEFAULTS[run_or_recipe])
        run = None
    else:
        raise pt.Unsupported("%s is neither a run directory nor a recipe (%s)" % (run_or_recipe, ", ".join(RECIPE_DEFAULTS)))
    raw.update(overrides)
    for key, value in raw.items():
        if key not in RECIPE_FREE_DEFAULTS:
            raise pt.Unsupported("the option '%s' is not one the twin knows (written by a newer Phasic?)" % key)
        config[key] = value
    for key in CHOICE_OPTIONS:
        config[key] = str(config[key]).upper().replace("-", "_")
    if config["recipe"] not in RECIPE_DEFAULTS:
        raise pt.Unsupported("the twin has no step for the recipe '%s'" % config["recipe"])
    if config["objective"] == "OSCILLATION":
        config["gamma"] = 0.0                                # ObjectiveKind.gamma: Eq. 7 is Eq. 8 at γ = 0
    if config["recipe"] == "moving-mnist" and config["objective"] == "WAKE_SLEEP":
        raise pt.Unsupported("the moving-mnist recipe trains with local critics (MovingMnistRecipe.build)")
    if config["credit"] != "BACKPROP" and (config["objective"] == "WAKE_SLEEP" or config["recipe"] == "moving-mnist"):
        raise pt.Unsupported("--credit %s needs local critics and a layerwise model (TrainConfig, MovingMnistRecipe)"
                             % config["credit"].lower())
    if config["device"] != "cpu":
        raise pt.Unsupported("the twin runs on the CPU; the configuration asks for %s" % config["device"])
    config["_run"] = run
    return config


def _shape_source(config):
    """What ``phasic_torch.build`` reads sizes from: the run's newest checkpoint, or the embedded digits' sizes.

    The video model's sizes are all in its configuration (its sequences: context + predict frames).
    """
    run = config["_run"]
    if config["recipe"] == "moving-mnist":
        return {}
    if run is not None:
        try:
            return pt.read_safetensors(os.path.join(pt.latest_checkpoint(run), "weights.safetensors"))[0]
        except pt.Unsupported:
            pass
    if config["data"] != "embedded":
        raise pt.Unsupported("the input's shape comes from the run's checkpoint, and %s has none (train it one step)"
                             % (run or config["recipe"]))
    # build() reads only the input size of A and the channels of B from the weights: empty tensors of those shapes
    return {"model.inference.layer.hidden.weight": torch.empty(0, DIGIT_SIDE * DIGIT_SIDE),
            "model.inference.layer1.hidden.weight": torch.empty(0, 1)}


def initialise(run, std_bias):
    """Phasic's initial values on top of PyTorch's (which Phasic's nn.Linear, Conv2d and ConvTranspose2d copy).

    Every Gaussian's std pre-activation bias starts at ``stdBias`` (nn/GaussianLayer, nn/ConvGaussianLayer,
    nn/ConvLstmCell), and the video head's moving decoders start near the identity (video/FrameHead).
    """
    with torch.no_grad():
        for module in run.modules():
            if isinstance(module, (pt.GaussianLayer, pt.ConvGaussianLayer)):
                module.output.bias[module.n_out:].fill_(std_bias)
            elif isinstance(module, pt.ConvLstmCell):
                module.gates.bias[4 * module.hidden:5 * module.hidden].fill_(std_bias)
        model = run.model
        if isinstance(model, pt.VideoPredictor) and model.decoder_kind != "DRAW":
            head, taps, pc = model.head, pt.FrameHead.TAPS, pt.PATCH * pt.PATCH
            bias = model.generation.head_out.bias
            k = head.k                                    # per copy: x kernel, y kernel; then k masks, drawn, coarse
            for t in range(k):
                bias[2 * taps * t + pt.FrameHead.SHIFT] = 2.0
                bias[2 * taps * t + taps + pt.FrameHead.SHIFT] = 2.0
            bias[2 * taps * k:2 * taps * k + k * pc] = 6.0
            bias[2 * taps * k + k * pc:2 * taps * k + (k + 1) * pc] = -2.0
            if head.coarse_reach > 0:
                first, n = 2 * taps * k + (k + 1) * pc, 2 * head.coarse_reach + 1
                for axis in range(2):
                    for a in range(-head.coarse_reach, head.coarse_reach + 1):
                        bias[first + axis * n + head.coarse_reach + a] = 2.0 if a == 0 else 0.0


# ---------------------------------------------------------------- the models as training samples them

class Layered:
    """Architectures A and B as models/HierarchicalModel samples them in training, with models/LocalCredit's cuts.

    ``credit``: BACKPROP (the whole graph), LOCAL (every conditional's input cut from the graph) or LOCAL_LOOP
    (as LOCAL, but each oscillation prediction keeps its gradient into the wake activity it was made from).
    """

    def __init__(self, model, credit="BACKPROP"):
        self.model = model
        self.top = len(model.layer_names) - 1
        self.local = credit != "BACKPROP"
        self.loop = credit == "LOCAL_LOOP"

    def _cut(self, t):
        return t.detach() if self.local else t

    def infer(self, layer, below):
        """Layerwise.infer: a sample of q(h_layer | h_{layer-1}) (RecurrentMlp.infer, HierarchicalConv.infer)."""
        m = self.model
        if isinstance(m, pt.RecurrentMlp):
            return m.inference(below)
        return m.activate(layer, pt.sample(*getattr(m.inference, "layer%d" % layer)(below)))

    def wake(self, x):
        """HierarchicalModel.wake (LocalCredit.wake: each conditional reads its input detached)."""
        h = pt.flatten(x) if isinstance(self.model, pt.RecurrentMlp) else x
        out = [h]
        for l in range(1, self.top + 1):
            h = self.infer(l, self._cut(h))
            out.append(h)
        return out

    def predict(self, layer, above, cut=True):
        """HierarchicalModel.predict, a sample of p(h_layer | h_{layer+1}); LocalCredit.predict reads its input detached."""
        return self.model.predict(layer, self._cut(above) if cut else above)

    def prior(self, batch):
        return self.model.prior(batch)

    def top_down(self, start, k):
        """HierarchicalModel.topDown(from, k): [ĥ_0, …, ĥ_{k−1}, from], each predicted from the one above."""
        out = [None] * k + [start]
        for l in range(k - 1, -1, -1):
            out[l] = self.predict(l, out[l + 1])
        return out

    def sleep(self, batch):
        """HierarchicalModel.sleep: the top layer from the prior, every layer below through p."""
        return self.top_down(self.prior(batch), self.top)

    def wake_pass(self, x, truth_share=0.0):
        """HierarchicalModel.wakePass: the wake layers and, per layer, the prediction from the wake layer above (the top: a prior draw)."""
        wake = self.wake(x)
        oscillation = [self.predict(l, wake[l + 1], cut=not self.loop) for l in range(self.top)]
        oscillation.append(self.prior(wake[self.top].shape[0]))
        return wake, oscillation


def java_shift(frame, kernel, dim, step):
    """FrameHead.shift as Phasic computes it: step 1 by banded matrix products (shiftWidth), else stacked (coarseShift).

    The same sums as ``phasic_torch.FrameHead.shift``'s loop over taps, in Phasic's few, larger calls.
    """
    if step != 1:
        return _coarse_shift(frame, kernel, dim, step)
    if dim == 2:
        return _shift_width(frame.transpose(2, 3), kernel.transpose(2, 3)).transpose(2, 3)
    return _shift_width(frame, kernel)


_BAND = {}


def _band_index(shift):
    """FrameHead.bandIndex: per window column m and output column j, the tap m − j + PATCH − 1 of the zero-padded kernel."""
    if shift not in _BAND:
        window = pt.PATCH + 2 * shift
        _BAND[shift] = torch.tensor([m - j + pt.PATCH - 1 for m in range(window) for j in range(pt.PATCH)])
    return _BAND[shift]


def _shift_width(frame, kernel):
    """FrameHead.shiftWidth: along the width, one (PATCH x window) by (window x PATCH) product per patch."""
    shift = kernel.shape[1] // 2
    b, s = frame.shape[0], frame.shape[3]
    p, window = s // pt.PATCH, pt.PATCH + 2 * shift
    padded = F.pad(frame, (shift, shift, 0, 0), value=-1.0)
    windows = padded.unfold(3, window, pt.PATCH).view(b, p, pt.PATCH, p, window).permute(0, 1, 3, 2, 4)     # (B, Y, X, i, W)
    band = torch.index_select(F.pad(kernel.permute(0, 2, 3, 1), (pt.PATCH - 1, pt.PATCH - 1), value=0.0), 3,
                              _band_index(shift)).view(b, p, p, window, pt.PATCH)                         # (B, Y, X, W, 4)
    return torch.matmul(windows, band).permute(0, 1, 3, 2, 4).reshape(b, 1, s, s)


def _coarse_shift(frame, kernel, dim, step):
    """FrameHead.coarseShift: the frame shifted by step·a for every tap a, stacked, weighted and summed."""
    b, s, n = frame.shape[0], frame.shape[dim], kernel.shape[1]
    p, pad = s // pt.PATCH, (n // 2) * step
    padded = F.pad(frame, (pad, pad, 0, 0) if dim == 3 else (0, 0, pad, pad), value=-1.0)
    stacked = torch.cat([padded.narrow(dim, a * step, s) for a in range(n)], 1).view(b, n, p, pt.PATCH, p, pt.PATCH)
    return stacked.mul(kernel.view(b, n, p, 1, p, 1)).sum(1, keepdim=True).view(b, 1, s, s)


class Video:
    """Architecture C as video/VideoPredictor samples it in training: scheduled sampling, the sleep bounce, prior states.

    Reuses ``phasic_torch.VideoPredictor``'s cells and frame head; its head shifts as Phasic's does (``java_shift``).
    """

    top = 1

    def __init__(self, model):
        self.model = model
        model.head.shift = java_shift          # an instance attribute: emit() calls self.shift(frame, kernel, dim, step)

    def _zeros(self, stack, rows):
        """ConvLstmStack.zeros: one all-zero tensor per cell, its hidden and cell state alike."""
        s = self.model.state_size()
        return [(z, z) for z in (torch.zeros(rows, c.hidden, s, s) for c in stack.cells())]

    def _prior_state(self, rows):
        """VideoPredictor.priorState: c ~ N(0, I), h = σ(a)·tanh(c) with a ~ N(0, I)."""
        m, s = self.model, self.model.state_size()
        a, c = torch.randn(rows, m.channels, s, s), torch.randn(rows, m.channels, s, s)
        return torch.sigmoid(a) * torch.tanh(c), c

    def prior(self, rows):
        return self._prior_state(rows)[0]

    def _blank(self, rows):
        return torch.full((rows, 1, self.model.frame_size, self.model.frame_size), -1.0)

    def _source(self, last, read):
        return last if self.model.decoder_kind == "CONTEXT" else read

    def wake_pass(self, x, truth_share=0.0):
        """VideoPredictor.wakePass(x, truthShare): layer x true frames against predictions, layer z states against prior draws."""
        m = self.model
        c, p, s = m.context, m.predict_frames, m.frame_size
        predictions, read, states = self.model.closed_loop(x, c, p, truth_share)
        truth = x[:, c:c + p].reshape(-1, 1, s, s)
        predicted, z = m.sequence_major(predictions), m.sequence_major(states)
        if not m.conditioned:
            return [truth, z], [predicted, self.prior(z.shape[0])]
        before = x[:, c - 1:c - 1 + p].reshape(-1, 1, s, s)
        return [torch.cat([before, truth], 1), z], [torch.cat([m.sequence_major(read), predicted], 1), self.prior(z.shape[0])]

    def wake(self, x):
        return self.wake_pass(x)[0]

    def sleep(self, batch):
        """VideoPredictor.sleep: the bounce z → x → z … from prior states (conditioned: one frame more, for pairs)."""
        m = self.model
        enc = [self._prior_state(batch) for _ in m.encoder.cells()]
        dec = [(z, z) for z in (torch.zeros_like(enc[-1][0]) for _ in m.decoder.cells())]
        extra = 1 if m.conditioned else 0
        frame = self._blank(batch)
        read, source = m.read(frame, frame), frame
        before, after, states = [], [], []
        for k in range(m.predict_frames + extra):
            dec = m.decoder(enc[-1][0], dec)
            nxt = m.head.emit(dec[-1][0], read, self._source(source, frame))
            if k == 0:
                source = nxt
            if k >= extra:
                before.append(frame)
                after.append(nxt)
                states.append(enc[-1][0])
            if k + 1 < m.predict_frames + extra:
                read = m.read(nxt, nxt if k == 0 else frame)
                enc = m.encoder(read, enc)
            frame = nxt
        x = m.sequence_major(after)
        return [torch.cat([m.sequence_major(before), x], 1) if m.conditioned else x, m.sequence_major(states)]


# ---------------------------------------------------------------- the phases

class Phases:
    """objectives/Phases: wake, sleep, oscillation and top-down activity of one batch (absent phases are None)."""

    def __init__(self, wake, sleep=None, oscillation=None, top_down=None):
        self.wake, self.sleep, self.oscillation, self.top_down = wake, sleep, oscillation, top_down

    def detached(self):
        """Phases.detached: the same activity cut from the graph, for the critics' update."""
        cut = lambda layers: None if layers is None else [t.detach() for t in layers]
        return Phases(cut(self.wake), cut(self.sleep), cut(self.oscillation), cut(self.top_down))

    @staticmethod
    def sample(model, x, need_sleep, need_oscillation, top_down_from=0, truth_share=0.0):
        """Phases.sample, in its order of draws: the wake pass (with its oscillation predictions), sleep, the top-down pass."""
        wake, oscillation = model.wake_pass(x, truth_share) if need_oscillation else (model.wake(x), None)
        sleep = model.sleep(x.shape[0]) if need_sleep else None
        top_down = model.top_down(wake[top_down_from], top_down_from)[:top_down_from] if top_down_from > 0 else None
        return Phases(wake, sleep, oscillation, top_down)


# ---------------------------------------------------------------- the objectives

def interpolate(a, b):
    """GradientPenalty.interpolate: b + t·(a − b) with one t ~ U(0, 1) per sample, both sides detached."""
    t = torch.rand((a.shape[0],) + (1,) * (a.dim() - 1))
    return b.detach().add(t.mul(a.detach().sub(b.detach())))


def penalty_from_scores(scores, interpolates):
    """GradientPenalty.fromScores: mean (‖∂D/∂â‖₂ − 1)², the gradient taken with a graph (second order)."""
    (g,) = torch.autograd.grad(scores, interpolates, torch.ones_like(scores), retain_graph=True, create_graph=True)
    norms = (pt.flatten(g).square().sum(1) + 1e-12).sqrt()
    return (norms - 1.0).square().mean()


def penalty(critic, a, b):
    """GradientPenalty.of: the penalty of ``critic`` on interpolates between ``a`` and ``b`` scored alone."""
    x = interpolate(a, b).requires_grad_(True)
    return penalty_from_scores(critic(x)[0], x)


class LocalCritics:
    """objectives/Eq7Eq8LocalCritics: one critic per layer; wake against sleep (γ) and oscillation (1 − γ).

    ``hold_top``: the top layer's wake activity is a fixed target in the networks' loss (a recipe's
    ``topWakeGradient = false``: the video model's encoder state, its memory).
    """

    def __init__(self, critics, config, top_down_beta=0.0, drift=0.0, hold_top=False):
        self.critics = list(critics.values())            # in layer order, the input first
        n = len(self.critics)
        self.gamma, self.beta, self.gp_weight = config["gamma"], config["beta"], config["gpWeight"]
        self.feature_layers = n - 1 if config["featureLayers"] == 0 else min(config["featureLayers"], n - 1)
        self.hidden_wake_gradient = config["hiddenWakeGradient"]
        self.top_wake_gradient = not hold_top
        self.top_down_beta, self.drift = top_down_beta, drift
        self.adversarial_weight, self.pixel_anchor = config["adversarialWeight"], config["pixelAnchor"]
        self.local_credit = config["credit"] != "BACKPROP"

    needs_oscillation = True

    @property
    def needs_sleep(self):
        return self.gamma > 0

    @property
    def needs_top_down(self):
        return self.top_down_beta > 0

    @staticmethod
    def layout(sleep, oscillation, top_down, interpolates):
        """Eq7Eq8LocalCritics.Layout: the index of each phase's group of B rows in one critic call (wake is 0; absent: −1)."""
        nxt, out = 1, []
        for present in (sleep, oscillation, top_down, interpolates):
            out.append(nxt if present else -1)
            nxt += 1 if present else 0
        return out

    @staticmethod
    def rows(p, l, at, interpolates=None):
        """Layout.rows: layer l's groups, wake first."""
        parts = [p.wake[l]]
        for index, phase in zip(at[:3], (p.sleep, p.oscillation, p.top_down)):
            if index >= 0:
                parts.append(phase[l])
        if at[3] >= 0:
            parts.append(interpolates)
        return parts

    def distance(self, scores, b, at):
        """E_wake[D] − γ·E_sleep[D] − (1 − γ)·E_osc[D], from scores laid out by ``at``."""
        d = scores.narrow(0, 0, b).mean()
        if at[0] >= 0:
            d = d.sub(scores.narrow(0, b * at[0], b).mean() * self.gamma)
        if self.gamma < 1:
            d = d.sub(scores.narrow(0, b * at[1], b).mean() * (1 - self.gamma))
        return d

    def mixed_negatives(self, p, l):
        """Per sample a sleep negative with probability γ, else the oscillation one."""
        if self.gamma <= 0:
            return p.oscillation[l]
        if self.gamma >= 1:
            return p.sleep[l]
        sleep = p.sleep[l]
        mask = torch.rand((sleep.shape[0],) + (1,) * (sleep.dim() - 1)) < self.gamma
        return torch.where(mask, sleep, p.oscillation[l])

    def critic_loss(self, p, penalty_scale):
        """Eq7Eq8LocalCritics.criticLoss: per critic −distance, the penalty at λ·scale (scale 0: none), the drift."""
        total, penalise = None, penalty_scale != 0
        for l, critic in enumerate(self.critics):
            wake = p.wake[l]
            b = wake.shape[0]
            batch_statistics = getattr(critic, "group", 0) > 0
            at = self.layout(self.needs_sleep, self.gamma < 1, False, penalise and batch_statistics)
            interpolates = interpolate(wake, self.mixed_negatives(p, l)).requires_grad_(True) if at[3] >= 0 else None
            scores = critic(torch.cat(self.rows(p, l, at, interpolates), 0))[0]
            loss = self.distance(scores, b, at).neg()
            if penalise:
                gp = (penalty_from_scores(scores.narrow(0, at[3] * b, b), interpolates) if interpolates is not None
                      else penalty(critic, wake, self.mixed_negatives(p, l)))
                loss = loss.add(gp * (self.gp_weight * penalty_scale))
            if self.drift > 0:
                loss = loss.add(scores.narrow(0, 0, b).square().mean() * self.drift)
            total = loss if total is None else total.add(loss)
        return total

    def network_loss(self, p):
        """Eq7Eq8LocalCritics.networkLoss: adversarial distance, pixel anchor, feature and top-down terms per layer."""
        total, top = None, len(self.critics) - 1
        for l, critic in enumerate(self.critics):
            b = p.wake[l].shape[0]
            top_down = p.top_down is not None and l < len(p.top_down)
            at = self.layout(self.needs_sleep, True, top_down, False)
            parts = self.rows(p, l, at)
            hold_wake = l > 0 and (not self.top_wake_gradient if l == top else not self.hidden_wake_gradient)
            if hold_wake and not self.local_credit:
                parts[0] = parts[0].detach()
            hold_target = hold_wake and self.local_credit
            scores, features = critic(torch.cat(parts, 0))
            loss = self.distance(scores, b, at) * self.adversarial_weight
            if l == 0 and self.pixel_anchor > 0:
                wake, predicted = p.wake[0], p.oscillation[0]
                c = wake.shape[1]
                anchor = wake.narrow(1, c - 1, 1).sub(predicted.narrow(1, c - 1, 1)).square().mean()
                loss = loss.add(anchor * self.pixel_anchor)
            if l < self.feature_layers and self.beta > 0:
                loss = loss.add(self.feature_distance(features, b, at[1], hold_target) * self.beta)
            if top_down:
                loss = loss.add(self.feature_distance(features, b, at[2], hold_target) * self.top_down_beta)
            total = loss if total is None else total.add(loss)
        return total

    @staticmethod
    def feature_distance(features, b, group, hold_wake):
        """‖φ(wake) − φ(group)‖² per sample, mean over the batch; ``hold_wake``: φ(wake) a fixed target."""
        phi_wake = features.narrow(0, 0, b)
        if hold_wake:
            phi_wake = phi_wake.detach()
        return phi_wake.sub(features.narrow(0, group * b, b)).square().sum(1).mean()


class GlobalWakeSleep:
    """objectives/Eq4GlobalWakeSleep: one critic on every layer flattened and joined, wake against sleep."""

    needs_sleep, needs_oscillation, needs_top_down = True, False, False

    def __init__(self, critic, config):
        self.critic, self.gp_weight = critic, config["gpWeight"]

    @staticmethod
    def joint(layers):
        return torch.cat([pt.flatten(t) for t in layers], 1)

    def _scores(self, p):
        """Both phases joined, scored in one call: (distance E_wake[D] − E_sleep[D], wake rows, sleep rows)."""
        wake, sleep = self.joint(p.wake), self.joint(p.sleep)
        b = wake.shape[0]
        scores = self.critic(torch.cat([wake, sleep], 0))[0]
        return scores.narrow(0, 0, b).mean().sub(scores.narrow(0, b, b).mean()), wake, sleep

    def critic_loss(self, p, penalty_scale):
        """Eq4GlobalWakeSleep.criticLoss: −distance, and the penalty at λ·scale on interpolates scored alone."""
        distance, wake, sleep = self._scores(p)
        if penalty_scale == 0:
            return distance.neg()
        return (penalty(self.critic, wake, sleep) * (self.gp_weight * penalty_scale)).sub(distance)

    def network_loss(self, p):
        """Eq4GlobalWakeSleep.networkLoss: the distance."""
        return self._scores(p)[0]


# ---------------------------------------------------------------- the step

def lr_factor(step, total, start, end, factor):
    """Schedule.lrFactor: 1, then linear to ``factor`` between the fractions ``start`` and ``end`` of training."""
    progress = 0.0 if total <= 0 else step / total
    if progress <= start:
        return 1.0
    if progress >= end or end <= start:
        return factor
    return 1.0 + (factor - 1.0) * (progress - start) / (end - start)


def truth_share(step, total, decay):
    """Schedule.truthShare: the share of true frames read back, falling from 1 to 0 over the first ``decay`` of training."""
    if decay <= 0 or total <= 0:
        return 0.0
    return max(0.0, 1 - step / (decay * total))


class Diverged(Exception):
    """A loss was not finite (Phasic's default --on-divergence stop)."""


class TrainingStep:
    """training/Trainer's update, as ``phasic bench`` runs it: call it with a batch; ``self.step`` counts the steps.

    ``schedule_steps``: the length the learning-rate and truth-share schedules are planned over (``phasic bench``
    plans them over its warm-up and timed steps); default the configuration's.
    """

    def __init__(self, config, schedule_steps=None):
        self.config = config
        recipe = config["recipe"]
        torch.manual_seed(config["seed"])                          # Session: seeded before any weight exists
        model, critics, self.input_shape = pt.build(config, _shape_source(config))
        self.run = pt.Run(config, model, critics, self.input_shape)
        initialise(self.run, config["stdBias"])
        self.run.train()
        if isinstance(model, pt.VideoPredictor):
            self.model = Video(model)
        else:
            self.model = Layered(model, config["credit"])
        critics = dict(self.run.critics)
        if config["objective"] == "WAKE_SLEEP":
            self.objective = GlobalWakeSleep(critics["joint"], config)
        elif recipe == "hierarchical":                             # HierarchicalRecipe.localSettings
            self.objective = LocalCritics(critics, config, config["topDownBeta"], config["criticDrift"])
        else:                                                      # Recipe.sharedTerms; the video recipe holds its top
            self.objective = LocalCritics(critics, config, hold_top=recipe == "moving-mnist")
        o = config
        adam = lambda params, lr: torch.optim.Adam(params, lr=lr, betas=(o["adamBeta1"], o["adamBeta2"]),
                                                   weight_decay=o["weightDecay"], foreach=False)
        self.critic_parameters = [q for c in critics.values() for q in c.parameters()]
        self.inference = adam(list(model.inference.parameters()), o["lrInference"])
        self.generation = adam(list(model.generation.parameters()), o["lrGeneration"])
        self.critics = adam(self.critic_parameters, o["lrCritic"])
        self.schedule_steps = schedule_steps or o["scheduleSteps"] or o["steps"]
        self.step = 0
        self._lr_factor = None

    def batch(self):
        """A batch of the configured size and shape, uniform in the data's range [-1, 1] (Batches.images is real data)."""
        return torch.rand((self.config["batchSize"],) + tuple(self.input_shape)) * 2 - 1

    def parameter_counts(self):
        return {name: sum(q.numel() for q in params) for name, params in
                (("inference", self.run.model.inference.parameters()), ("generation", self.run.model.generation.parameters()),
                 ("critics", self.critic_parameters))}

    def top_down_source(self):
        """Trainer.topDownSource and HierarchicalRecipe.topDownSource: 0 (none), the top, or z, h4, …, h2 in turn."""
        if not self.objective.needs_top_down:
            return 0
        top = self.model.top
        if self.config["recipe"] != "hierarchical" or self.config["topDownSources"] != "CYCLE" or top < 2:
            return top
        return top - self.step % (top - 1)

    def truth_share(self):
        """Recipe.truthShare: the video recipe's scheduled sampling; 0 elsewhere."""
        if self.config["recipe"] != "moving-mnist":
            return 0.0
        return truth_share(self.step, self.schedule_steps, self.config["truthDecay"])

    def sample(self, x):
        """Trainer.sample: this step's phases."""
        o = self.objective
        return Phases.sample(self.model, x, o.needs_sleep, o.needs_oscillation, self.top_down_source(), self.truth_share())

    def apply_schedule(self):
        """Trainer.applySchedule: every optimiser's learning rate times the schedule's factor, set when it changes."""
        o = self.config
        f = lr_factor(self.step, self.schedule_steps, o["decayStart"], o["decayEnd"], o["decayFactor"])
        if f == self._lr_factor:
            return
        self._lr_factor = f
        for opt, lr in ((self.inference, o["lrInference"]), (self.generation, o["lrGeneration"]), (self.critics, o["lrCritic"])):
            opt.param_groups[0]["lr"] = lr * f

    def __call__(self, x):
        """Trainer.update: n_critic critic updates, the last on this step's phases detached, then the network update.

        Returns the last critic loss and the network loss (tensors).
        """
        self.apply_schedule()
        n = self.config["nCritic"]
        for k in range(n - 1):
            with torch.no_grad():
                phases = self.sample(x)
            self.critic_step(phases, self.step * n + k)
        phases = self.sample(x)
        critic = self.critic_step(phases.detached(), self.step * n + n - 1)
        network = self.network_step(phases)
        self.step += 1
        return critic, network

    def critic_step(self, phases, update):
        """Trainer.criticStep and Steps.critic: the penalty on every k-th update only, at k·λ."""
        every = self.config["penaltyEvery"]
        scale = every if update % every == 0 else 0
        self.critics.zero_grad(set_to_none=True)
        loss = self.objective.critic_loss(phases, scale)
        self._finite(loss, "critic")
        loss.backward()
        self.critics.step()
        return loss

    def network_step(self, phases):
        """Trainer.networkStep and Steps.network: q and p against frozen critics, gradients clipped if asked."""
        for q in self.critic_parameters:
            q.requires_grad_(False)
        try:
            self.inference.zero_grad(set_to_none=True)
            self.generation.zero_grad(set_to_none=True)
            loss = self.objective.network_loss(phases)
            self._finite(loss, "network")
            loss.backward()
            clip = self.config["clipNorm"]
            if clip > 0:
                torch.nn.utils.clip_grad_norm_(list(self.run.model.inference.parameters()), clip)
                torch.nn.utils.clip_grad_norm_(list(self.run.model.generation.parameters()), clip)
            self.inference.step()
            self.generation.step()
            return loss
        finally:
            for q in self.critic_parameters:
                q.requires_grad_(True)

    def _finite(self, loss, side):
        """Trainer.finite: one scalar read per update."""
        value = loss.item()
        if not math.isfinite(value):
            raise Diverged("the twin diverged at step %d: %s.loss = %s" % (self.step + 1, side, value))
