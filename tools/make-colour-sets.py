#!/usr/bin/python3
"""Colour image data sets (32x32 RGB, 10 classes) cut from Debian's wallpapers.

Needs (Debian 12):  apt-get install mate-backgrounds python3-pil python3-numpy
Run:                /usr/bin/python3 tools/make-colour-sets.py OUT_DIR [--train 1000 --test 200 --seed 0]

Writes three data sets into OUT_DIR:
  photos/        ImageFolder: photos/{train,test}/<class>/NNNNN.png. Class k is cut from
                 its own photograph (10 photographs in /usr/share/backgrounds/mate/nature).
  flat/          The same layout from 10 abstract wallpapers with large flat or smooth
                 regions (/usr/share/backgrounds/mate/{abstract,desktop}). The transparent
                 ones are laid over the colour or gradient that MATE ships for them
                 (/usr/share/mate-background-properties/*.xml), as the desktop shows them.
  photos-cifar/  The photos set, same crops, in the CIFAR-10 binary format:
                 data_batch_1.bin .. data_batch_5.bin, test_batch.bin (3073-byte records:
                 label, 1024 red, 1024 green, 1024 blue bytes, row-major), records in a seeded
                 random order, plus batches.meta.txt (the class names, label order).
Each set also gets SOURCES.txt (source images, regions, options).

Crops: each source image is split by width into a left part (--train-fraction, 0.75) for
training and the right part for testing, so no source pixel is in both splits (each part
is cut out before cropping, so resampling cannot reach across the line). A crop is a random
square window (side = one of --scales times the image height, chosen at random; no window
twice) lying wholly in its part, resized to 32x32 with Lanczos filtering. Deterministic:
fixed seed, one random stream per (set, class, split), fixed image lists; the same options
give the same bytes. The split is by place, so train and test differ where a picture does:
in flat/, flow and gulp have their decoration only in the test part, greentraditional's
test part is blank, and gradients make some crops of different windows equal.
Labels follow the class names in sorted order (as ImageFolder reads them).
"""
import argparse
import os
import shutil
import sys

try:
    import numpy as np
    from PIL import Image
except ImportError as e:
    sys.exit("make-colour-sets: needs numpy and PIL (%s): apt-get install python3-numpy python3-pil" % e)

MATE = "/usr/share/backgrounds/mate"
MATE_XML = "/usr/share/mate-background-properties"
PACKAGE = "mate-backgrounds"

# 10 of the 12 photographs in mate-backgrounds (Garden and Blinds are left out: close in
# colour and subject to FreshFlower and RainDrops).
PHOTOS = [("aqua", "nature/Aqua.jpg"), ("dune", "nature/Dune.jpg"),
          ("freshflower", "nature/FreshFlower.jpg"), ("greenmeadow", "nature/GreenMeadow.jpg"),
          ("ladybird", "nature/LadyBird.jpg"), ("raindrops", "nature/RainDrops.jpg"),
          ("storm", "nature/Storm.jpg"), ("twowings", "nature/TwoWings.jpg"),
          ("wood", "nature/Wood.jpg"), ("yellowflower", "nature/YellowFlower.jpg")]

# 10 abstract/desktop wallpapers with the largest low-variance areas (Silk, Stripes,
# Float-into-MATE and the textured Elephants left out; of the three near-identical
# Ubuntu-Mate aurora images only Warm is kept, with the almost black Dark).
FLAT = [("arc", "abstract/Arc-Colors-Transparent-Wallpaper.png"), ("flow", "abstract/Flow.png"),
        ("gulp", "abstract/Gulp.png"), ("spring", "abstract/Spring.png"), ("waves", "abstract/Waves.png"),
        ("greentraditional", "desktop/GreenTraditional.jpg"),
        ("stripes-dark", "desktop/MATE-Stripes-Dark.png"), ("stripes-light", "desktop/MATE-Stripes-Light.png"),
        ("ubuntu-dark", "desktop/Ubuntu-Mate-Dark-no-logo.png"),
        ("ubuntu-warm", "desktop/Ubuntu-Mate-Warm-no-logo.png")]

SIZE = 32


def fail(msg):
    sys.exit("make-colour-sets: " + msg)


def mate_shading():
    """filename -> (shade_type, pcolor, scolor) from MATE's wallpaper lists."""
    import xml.etree.ElementTree as ET
    out = {}
    if not os.path.isdir(MATE_XML):
        return out
    for name in sorted(os.listdir(MATE_XML)):
        if name.endswith(".xml"):
            for w in ET.parse(os.path.join(MATE_XML, name)).getroot():
                f = w.findtext("filename")
                if f:
                    out[f] = (w.findtext("shade_type"), w.findtext("pcolor"), w.findtext("scolor"))
    return out


def hex_rgb(h):
    return np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.float64)


def load_rgb(path, shading):
    """The image as a uint8 HxWx3 array; transparency over MATE's shipped background shading."""
    try:
        im = Image.open(path)
        im.load()
    except Exception as e:  # noqa: BLE001 - any decoder error is one line
        fail("cannot read %s: %s (reinstall: apt-get install --reinstall %s)" % (path, e, PACKAGE))
    if im.mode not in ("RGBA", "LA", "PA") and not (im.mode == "P" and "transparency" in im.info):
        return np.asarray(im.convert("RGB")), "opaque"
    a = np.asarray(im.convert("RGBA"), dtype=np.float64)
    h, w = a.shape[:2]
    shade, p, s = shading.get(path, (None, None, None))
    if p is None:
        shade, p, s = "solid", "#000000", "#000000"
    if shade == "vertical-gradient":
        t = np.linspace(0.0, 1.0, h)[:, None, None] * np.ones((1, w, 1))
    elif shade == "horizontal-gradient":
        t = np.linspace(0.0, 1.0, w)[None, :, None] * np.ones((h, 1, 1))
    else:
        shade, s = "solid", p
        t = np.zeros((h, w, 1))
    bg = hex_rgb(p) * (1.0 - t) + hex_rgb(s) * t
    alpha = a[..., 3:] / 255.0
    rgb = np.clip(np.round(a[..., :3] * alpha + bg * (1.0 - alpha)), 0, 255).astype(np.uint8)
    return rgb, "over %s %s->%s" % (shade, p, s)


def crops(part, n, scales, full_height, rng):
    """n random square windows of `part` (HxWx3 uint8), each resized to SIZE x SIZE."""
    ph, pw = part.shape[:2]
    sides = [max(SIZE, int(round(sc * full_height))) for sc in scales]
    if max(sides) > min(ph, pw):
        fail("crop side %d px (scale %g of height %d) does not fit a %dx%d region: use smaller --scales"
             % (max(sides), max(scales), full_height, pw, ph))
    if n > sum((pw - s + 1) * (ph - s + 1) for s in set(sides)) // 2:
        fail("%d crops asked from a %dx%d region: too many distinct windows" % (n, pw, ph))
    img = Image.fromarray(part)
    out = np.empty((n, SIZE, SIZE, 3), dtype=np.uint8)
    boxes, seen = [], set()
    while len(boxes) < n:
        s = sides[int(rng.integers(len(sides)))]
        x = int(rng.integers(0, pw - s + 1))
        y = int(rng.integers(0, ph - s + 1))
        if (x, y, s) in seen:  # each window once
            continue
        seen.add((x, y, s))
        out[len(boxes)] = np.asarray(img.crop((x, y, x + s, y + s)).resize((SIZE, SIZE), Image.LANCZOS))
        boxes.append((x, y, s))
    return out, boxes


def make_set(name, sources, args, shading, set_index):
    """Writes OUT/name as an ImageFolder; returns (class names, {split: (images, labels)})."""
    names = [n for n, _ in sources]
    paths = [os.path.join(MATE, r) for _, r in sources]
    order = sorted(range(len(sources)), key=lambda k: names[k])  # label = rank of the class name
    root = os.path.join(args.out, name)
    os.makedirs(root)
    counts = {"train": args.train, "test": args.test}
    data = {"train": ([], []), "test": ([], [])}
    lines = ["# %s: made by tools/make-colour-sets.py (seed %d, train-fraction %g, scales %s)"
             % (name, args.seed, args.train_fraction, ",".join("%g" % s for s in args.scales)),
             "# label class source size how train/test x-ranges"]
    print("%s:" % name)
    for label, k in enumerate(order):
        rgb, how = load_rgb(paths[k], shading)
        h, w = rgb.shape[:2]
        cut = int(round(w * args.train_fraction))
        parts = {"train": rgb[:, :cut], "test": rgb[:, cut:]}
        lines.append("%d %s %s %dx%d %s train x=[0,%d) test x=[%d,%d)"
                     % (label, names[k], paths[k], w, h, how.replace(" ", "_"), cut, cut, w))
        for split_index, split in enumerate(("train", "test")):
            rng = np.random.default_rng([args.seed, set_index, k, split_index])
            imgs, _ = crops(parts[split], counts[split], args.scales, h, rng)
            d = os.path.join(root, split, names[k])
            os.makedirs(d)
            for i in range(len(imgs)):
                Image.fromarray(imgs[i]).save(os.path.join(d, "%05d.png" % i))
            data[split][0].append(imgs)
            data[split][1].append(np.full(len(imgs), label, dtype=np.uint8))
        print("  %d %-16s %-66s %5dx%-4d train x<%d test x>=%d  %d/%d crops"
              % (label, names[k], paths[k], w, h, cut, cut, counts["train"], counts["test"]))
    with open(os.path.join(root, "SOURCES.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    out = {s: (np.concatenate(data[s][0]), np.concatenate(data[s][1])) for s in data}
    print("  %s: %d train, %d test images, %d classes -> %s"
          % (name, len(out["train"][1]), len(out["test"][1]), len(names), root))
    return [names[k] for k in order], out


def write_cifar(root, classes, data, seed):
    if len(classes) > 10:
        fail("CIFAR-10 labels are 0..9; %d classes" % len(classes))
    os.makedirs(root)
    rng = np.random.default_rng([seed, 99])

    def records(images, labels):
        perm = rng.permutation(len(labels))
        planes = images[perm].transpose(0, 3, 1, 2).reshape(len(labels), 3 * SIZE * SIZE)
        return np.concatenate([labels[perm, None], planes], axis=1).astype(np.uint8)

    train = records(*data["train"])
    for b, chunk in enumerate(np.array_split(train, 5), start=1):
        chunk.tofile(os.path.join(root, "data_batch_%d.bin" % b))
    test = records(*data["test"])
    test.tofile(os.path.join(root, "test_batch.bin"))
    with open(os.path.join(root, "batches.meta.txt"), "w") as f:
        f.write("\n".join(classes) + "\n")
    shutil.copyfile(os.path.join(os.path.dirname(root), "photos", "SOURCES.txt"), os.path.join(root, "SOURCES.txt"))
    sizes = [len(c) for c in np.array_split(train, 5)]
    print("photos-cifar: %d train records in 5 batches (%s), %d test records, 3073 bytes each -> %s"
          % (len(train), "+".join(map(str, sizes)), len(test), root))


def main():
    ap = argparse.ArgumentParser(description="Colour 32x32 data sets from Debian wallpapers "
                                 "(photos/, flat/, photos-cifar/).")
    ap.add_argument("out", help="output folder (created; its photos/, flat/, photos-cifar/ must not exist)")
    ap.add_argument("--train", type=int, default=1000, help="training crops per class (1000)")
    ap.add_argument("--test", type=int, default=200, help="test crops per class (200)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (0)")
    ap.add_argument("--train-fraction", type=float, default=0.75,
                    help="left share of each image's width for training; the rest is for testing (0.75)")
    ap.add_argument("--scales", default="0.08,0.15,0.28",
                    help="crop sides as fractions of the image height (0.08,0.15,0.28)")
    ap.add_argument("--overwrite", action="store_true",
                    help="remove OUT/photos, OUT/flat and OUT/photos-cifar first")
    args = ap.parse_args()
    try:
        args.scales = [float(s) for s in args.scales.split(",")]
    except ValueError:
        fail("--scales takes numbers separated by commas, not " + args.scales)
    if args.train < 5 or args.test < 1:
        fail("--train must be at least 5 (five CIFAR batches) and --test at least 1")
    if min(args.scales) <= 0:
        fail("--scales must be positive")
    if not 0.0 < args.train_fraction < 1.0:
        fail("--train-fraction must lie between 0 and 1")
    for d in (MATE, MATE_XML):
        if not os.path.isdir(d):
            fail("%s not found: apt-get install %s" % (d, PACKAGE))
    for _, rel in PHOTOS + FLAT:  # everything checked before anything is written
        path = os.path.join(MATE, rel)
        if not os.path.isfile(path):
            fail("missing %s: apt-get install %s" % (path, PACKAGE))
        try:
            with Image.open(path) as im:
                w, h = im.size
        except Exception as e:  # noqa: BLE001
            fail("cannot read %s: %s (reinstall: apt-get install --reinstall %s)" % (path, e, PACKAGE))
        cut = int(round(w * args.train_fraction))
        side = max(SIZE, int(round(max(args.scales) * h)))
        if side > min(h, cut, w - cut):
            fail("crop side %d px (scale %g of height %d) does not fit the %d and %d px wide parts of %s: "
                 "use smaller --scales or a --train-fraction nearer 0.5" % (side, max(args.scales), h, cut, w - cut, path))
    sets = ("photos", "flat", "photos-cifar")
    for s in sets:
        p = os.path.join(args.out, s)
        if os.path.exists(p):
            if not args.overwrite:
                fail("%s exists: remove it or pass --overwrite" % p)
            shutil.rmtree(p)
    os.makedirs(args.out, exist_ok=True)
    shading = mate_shading()
    classes, photos = make_set("photos", PHOTOS, args, shading, 1)
    make_set("flat", FLAT, args, shading, 2)
    write_cifar(os.path.join(args.out, "photos-cifar"), classes, photos, args.seed)


if __name__ == "__main__":
    main()
