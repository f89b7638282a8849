"""python3 -m phasic_torch check RUN TENSORS [--tolerance T]: reproduce every output Phasic wrote.

(``python3 -m phasic_torch bench RUN_OR_RECIPE ...`` times the PyTorch twin of the run's training
step instead: ``phasic_torch.bench``.)

TENSORS comes from ``phasic reconstruct RUN --noise-free --tensors FILE`` (architectures A and B)
or ``phasic predict RUN --noise-free --tensors FILE`` (the video model). The check fails if any
tensor name, shape or value (beyond the tolerance) differs; exit 2 with one line when the run or
the file cannot be rebuilt here.
"""
import argparse
import sys

import torch

import phasic_torch as pt


def outputs(net, given):
    """The same named outputs as Phasic's Interop, computed here from the file's inputs."""
    out = {}
    model = net.model
    if isinstance(model, pt.VideoPredictor):
        x = given["sequences"]
        out["sequences"] = x
        out["predictions"] = model.rollout(x[:, :model.context], model.predict_frames)
        wake, osc = model.wake_pass(x)
    else:
        x = given["inputs"].reshape(-1, *net.input_shape)
        out["inputs"] = pt.flatten(x)
        out["reconstructions"] = pt.flatten(net.reconstruct(x))
        wake, osc = net.wake(x), None
    for name, t in zip(net.layer_names, wake):
        out["wake." + name] = t
    for name in net.critics:
        score, features = net.score(name, wake if name == "joint" else wake[net.layer_names.index(name)])
        out["critic.%s.score" % name] = score
        out["critic.%s.features" % name] = features
    if osc is not None:
        out["oscillation.x"] = osc[0]
    else:
        for k in range(1, len(wake)):
            out["topdown." + net.layer_names[k]] = pt.flatten(net.top_down(wake[k], k)[0])
    return out


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:
        from phasic_torch import bench
        return bench.main(argv[1:])
    ap = argparse.ArgumentParser(prog="python3 -m phasic_torch", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="compare a run's rebuilt network with the outputs Phasic wrote")
    c.add_argument("run")
    c.add_argument("tensors")
    c.add_argument("--tolerance", type=float, default=1e-5)
    sub.add_parser("bench", help="time the PyTorch twin of a run's training step (bench --help)", add_help=False)
    args = ap.parse_args(argv)
    try:
        net = pt.load(args.run)
        given, meta = pt.read_safetensors(args.tensors)
        if meta.get("noise_free") != "true":
            raise pt.Unsupported("%s was written with noise: write it with --noise-free" % args.tensors)
        with torch.no_grad(), pt.noise_free():
            ours = outputs(net, given)
    except pt.Unsupported as e:
        print("phasic_torch: %s" % e, file=sys.stderr)
        return 2
    bad = []
    for name in sorted(set(given) | set(ours)):
        if name not in ours or name not in given:
            bad.append("%s: only in %s" % (name, "Phasic's file" if name in given else "phasic_torch"))
            continue
        a, b = ours[name].float(), given[name].float()
        if tuple(a.shape) != tuple(b.shape):
            bad.append("%s: shape %s here, %s in the file" % (name, tuple(a.shape), tuple(b.shape)))
            continue
        diff = (a - b).abs().max().item() if a.numel() else 0.0
        print("%-28s %-20s max |PyTorch - Phasic| = %.3g" % (name, tuple(a.shape), diff))
        if not diff <= args.tolerance:
            bad.append("%s: differs by %.3g" % (name, diff))
    print("%d tensors compared (torch %s)" % (len(set(given) | set(ours)), torch.__version__))
    for b in bad:
        print("MISMATCH " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
