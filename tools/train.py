#!/usr/bin/python3
"""Trains DigitCam's digit CNN and exports it to ONNX for cv::dnn.

  /usr/bin/python3 tools/train.py --mnist ~/.cache/digitcam/mnist --out models/digits.onnx   # the shipped model
  /usr/bin/python3 tools/train.py --mnist DIR --out x.onnx --arch stride-32 --epochs 18 --easy-epochs 4 \
      --ema 0     # another candidate (docs/model.md, candidates)
  /usr/bin/python3 tools/train.py --mnist DIR --out /tmp/smoke.onnx --smoke   # CI: seconds

Fixed seeds; on the CPU (Debian's python3-torch), which made the shipped model. `--device cuda` runs the
same recipe on a GPU to compare recipes quickly; its random numbers come from the GPU's generator, so it
makes another model than the CPU does. The network sees 28x28 images, ink = 1.0 on 0.0,
prepared as tools/preprocess.py (the twin of the C++ normalizer) prepares them. MNIST comes half as
shipped, half passed through the live path's own preparation (enlarged, binarized at a random level,
cropped and normalized again), with printed digits from the training fonts and "not a digit" crops
(tools/digit_data.py); every image gets a random affine jitter and half an elastic distortion, so the
network learns what the camera path will really feed it. docs/model.md has the whole recipe.
"""
import argparse
import copy
import csv
import inspect
import json
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mnist_idx import load_split, read_idx  # noqa: E402
from preprocess import binarized_ink, ink_bbox_crop, normalize_ink  # noqa: E402
import digit_data  # noqa: E402


ARCHS = {
    # name: conv stages as (channels, convs, downsampling), then the head's hidden units. Downsampling:
    # "pool" = a 2x2 max-pool after the stage, "stride" = the stage's first conv has stride 2, None.
    # cv::dnn spends more on a max-pool over a 28x28 or 14x14 map than on the conv before it, so the fast
    # nets downsample by stride and spend what that saves on convs at 7x7 (docs/model.md, candidates).
    "digitnet-32": (((32, 2, "pool"), (64, 2, "pool")), 128),  # the first shipped model: two VGG-style blocks
    "fast-16": (((16, 1, "pool"), (32, 1, "pool"), (64, 1, None)), 128),  # one conv per stage, pooled early
    "fast-24": (((24, 1, "pool"), (48, 1, "pool"), (64, 1, None)), 128),
    "stride-16": (((16, 1, "stride"), (32, 1, "stride"), (64, 2, None)), 128),
    "stride-24": (((24, 1, "stride"), (48, 1, "stride"), (64, 2, None)), 128),
    "stride-32": (((32, 1, "stride"), (32, 1, "stride"), (64, 2, None)), 128),
    "stride-32-80": (((32, 1, "stride"), (32, 1, "stride"), (80, 2, None)), 128),  # wider at 7x7
    "stride-32-x3": (((32, 1, "stride"), (32, 1, "stride"), (64, 3, None)), 128),  # deeper at 7x7
    "stride-32-k5": (((32, 1, "stride", 5), (32, 1, "stride"), (64, 2, None)), 128),  # 5x5 first conv
    "stride-32-pre4": (((4, 1, None), (32, 1, "stride"), (32, 1, "stride"), (64, 2, None)), 128),
    "stride-32-pre8": (((8, 1, None), (32, 1, "stride"), (32, 1, "stride"), (64, 2, None)), 128),
    "stride-16-14": (((16, 1, "stride"), (32, 1, None), (32, 1, "stride"), (64, 2, None)), 128),
    "stride-32-h192": (((32, 1, "stride"), (32, 1, "stride"), (64, 2, None)), 192),  # wider head
}


class DigitNet(nn.Module):
    """Conv stages (conv-BN-ReLU, optionally a 2x2 max-pool after the stage) and a small head."""

    def __init__(self, arch: str = "digitnet-32", classes: int = 11):
        super().__init__()
        stages, hidden = ARCHS[arch]
        layers, cin, side = [], 1, 28
        for cout, convs, down, *first_kernel in stages:
            for i in range(convs):
                stride = 2 if down == "stride" and i == 0 else 1
                k = first_kernel[0] if first_kernel and i == 0 else 3
                layers += [nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=False), nn.BatchNorm2d(cout),
                           nn.ReLU(inplace=True)]
                cin = cout
            if down == "pool":
                layers.append(nn.MaxPool2d(2))
            if down:
                side //= 2
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(0.3), nn.Linear(cin * side * side, hidden, bias=False),
                                  nn.BatchNorm1d(hidden), nn.ReLU(inplace=True), nn.Dropout(0.3),
                                  nn.Linear(hidden, classes))

    def forward(self, x):
        return self.head(self.features(x))


class WithSoftmax(nn.Module):
    """The exported graph ends in softmax so cv::dnn returns probabilities directly."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return F.softmax(self.net(x), dim=1)


class WeightAverage:
    """An exponential moving average of a net's weights and batch-norm statistics, updated every step."""

    def __init__(self, net: nn.Module, decay: float):
        self.net, self.decay = copy.deepcopy(net), decay

    @torch.no_grad()
    def update(self, net: nn.Module):
        for avg, cur in zip(self.net.state_dict().values(), net.state_dict().values()):
            if avg.is_floating_point():
                avg.mul_(self.decay).add_(cur, alpha=1.0 - self.decay)
            else:
                avg.copy_(cur)


def count_macs(net: nn.Module) -> int:
    macs = 0

    def hook(module, inputs, output):
        nonlocal macs
        if isinstance(module, nn.Conv2d):
            macs += output.numel() * module.in_channels * module.kernel_size[0] * module.kernel_size[1] // module.groups
        elif isinstance(module, nn.Linear):
            macs += module.in_features * module.out_features

    handles = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    net.eval()
    with torch.no_grad():
        net(torch.zeros(1, 1, 28, 28))
    for h in handles:
        h.remove()
    return macs


def _gaussian_kernel(sigma: float) -> torch.Tensor:
    r = int(2 * sigma)
    t = torch.arange(-r, r + 1, dtype=torch.float32)
    k = torch.exp(-t ** 2 / (2 * sigma ** 2))
    k2 = torch.outer(k, k)
    return (k2 / k2.sum()).view(1, 1, 2 * r + 1, 2 * r + 1)


def random_warp(x: torch.Tensor, gen: torch.Generator, strength=1.0, rot_deg=12.0, scale=(0.88, 1.1), shear=0.15,
                shift_px=2.5, elastic_p=0.5, elastic_px=1.5, elastic_sigma=4.0) -> torch.Tensor:
    """A random affine jitter for every image and, for a share elastic_p of them, an elastic distortion
    (a smooth random displacement field, Simard et al. 2003) of up to elastic_px pixels rms; strength
    scales every magnitude."""
    rot_deg, shear, shift_px, elastic_px = rot_deg * strength, shear * strength, shift_px * strength, elastic_px * strength
    scale = (1 - (1 - scale[0]) * strength, 1 + (scale[1] - 1) * strength)
    n, side, dev = x.shape[0], x.shape[-1], x.device
    u = lambda lo, hi: torch.empty(n, device=dev).uniform_(lo, hi, generator=gen)  # noqa: E731
    a = u(-rot_deg, rot_deg) * np.pi / 180.0
    s = u(*scale)
    sh = u(-shear, shear)
    tx = u(-shift_px, shift_px) / (side / 2)
    ty = u(-shift_px, shift_px) / (side / 2)
    cos, sin = torch.cos(a) / s, torch.sin(a) / s
    theta = torch.stack([torch.stack([cos, -sin + sh * cos, tx], 1), torch.stack([sin, cos + sh * sin, ty], 1)], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    if elastic_p > 0 and elastic_px > 0:
        k = _gaussian_kernel(elastic_sigma).to(dev)
        noise = torch.randn(n * 2, 1, side, side, generator=gen, device=dev)
        field = F.conv2d(noise, k, padding=k.shape[-1] // 2).view(n, 2, side, side)
        field = field / field.flatten(2).std(dim=2).clamp_min(1e-6)[:, :, None, None]
        rms_px = u(0.0, elastic_px) * (torch.rand(n, generator=gen, device=dev) < elastic_p)
        grid = grid + (field * (rms_px * 2.0 / side)[:, None, None, None]).permute(0, 2, 3, 1)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def stroke_jitter(x: torch.Tensor, gen: torch.Generator, bold: float, breaks: float) -> torch.Tensor:
    """A share `bold` of the images drawn a pixel bolder (a 3x3 max-pool: ink the threshold made thick)
    and a share `breaks` with a band one or two pixels wide, at a random angle through the middle half,
    erased (a stroke the threshold or a lifted pen broke)."""
    n, side, dev = x.shape[0], x.shape[-1], x.device
    if bold > 0:
        pick = (torch.rand(n, generator=gen, device=dev) < bold)[:, None, None, None]
        x = torch.where(pick, F.max_pool2d(x, 3, stride=1, padding=1), x)
    if breaks > 0:
        pick = torch.rand(n, generator=gen, device=dev) < breaks
        yy, xx = torch.meshgrid(torch.arange(side, device=dev, dtype=torch.float32),
                                torch.arange(side, device=dev, dtype=torch.float32), indexing="ij")
        angle = torch.rand(n, generator=gen, device=dev) * np.pi
        offset = (torch.rand(n, generator=gen, device=dev) - 0.5) * side / 2
        width = 1.0 + torch.rand(n, generator=gen, device=dev)
        c = side / 2.0
        dist = ((xx - c)[None] * torch.sin(angle)[:, None, None] - (yy - c)[None] * torch.cos(angle)[:, None, None]
                - offset[:, None, None]).abs()
        band = (dist < width[:, None, None] / 2) & pick[:, None, None]
        x = x.masked_fill(band[:, None], 0.0)
    return x


def cross_sevens(x: torch.Tensor, labels: torch.Tensor, gen: torch.Generator, share: float) -> torch.Tensor:
    """A share of the 7s written the European way, with a short bar across the stem about halfway down
    (MNIST has few; cheques and forms written in Europe have many)."""
    pick = ((labels == 7) & (torch.rand(len(labels), generator=gen, device=x.device) < share)).nonzero().flatten()
    if len(pick) == 0:
        return x
    x = x.clone()
    u = torch.rand(len(pick), 3, generator=gen, device=x.device).tolist()
    for i, (at, length, thick) in zip(pick.tolist(), u):
        img = x[i, 0]
        rows = (img.amax(dim=1) > 0.3).nonzero().flatten()
        cols = (img.amax(dim=0) > 0.3).nonzero().flatten()
        if len(rows) < 4 or len(cols) < 2:
            continue
        top, bottom = int(rows[0]), int(rows[-1])
        row = top + int((0.45 + 0.15 * at) * (bottom - top))
        stem = (img[row] > 0.3).nonzero().flatten()
        if len(stem) == 0:
            continue
        centre = float(stem.float().mean())
        half = max(2.0, (0.18 + 0.12 * length) * float(cols[-1] - cols[0] + 1))
        left, right = max(0, int(round(centre - half))), min(img.shape[1], int(round(centre + half)) + 1)
        img[row:row + 1 + int(thick < 0.5), left:right] = 1.0
    return x


def renormalized_copy(images: np.ndarray, seed: int, small_share: float = 0.0) -> np.ndarray:
    """MNIST digits as the live path hands them to the network: enlarged (or, small_share of them, made
    11-30 px tall: fine print, a far camera), binarized at a random level, cut out by a crop that is
    exact, tight, loose or holds a sliver of a neighbour, and normalized."""
    rng = np.random.default_rng(seed)
    out = np.empty_like(images)
    for i, img in enumerate(images):
        small = small_share > 0 and rng.random() < small_share
        upscale = float(rng.uniform(0.55, 1.5) if small else rng.uniform(1.5, 4.0))
        threshold = int(rng.integers(60, 190))
        ink = binarized_ink(img, upscale, threshold)
        neighbour = binarized_ink(images[rng.integers(len(images))], upscale, threshold)
        out[i] = normalize_ink(ink_bbox_crop(digit_data.camera_crop(ink, neighbour, rng)))
    return out


# Where `digits harvest` says a "not a digit" crop lies against the truth (its PREFIX-boxes.csv).
PLACES = ("away", "pair", "short-piece", "tall-piece", "other")


def negative_places(prefix, n):
    """The place against the truth of each of `prefix`'s n crops (`digits harvest`'s PREFIX-boxes.csv)."""
    path = f"{prefix}-boxes.csv"
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if len(rows) != n or (rows and "place" not in rows[0]):
        raise ValueError(f"{path}: not a place for each of the {n} crops (harvested before places were written?)")
    return np.array([r["place"] for r in rows])


def scene_crops(prefixes, negative_share, classes, seed, places=None):
    """The harvested crops of `prefixes` (digits harvest), with a share of their negatives (none with 10
    classes), of those `places` only when given."""
    xs, ys = [np.empty((0, 28, 28), np.uint8)], [np.empty(0, np.int64)]
    rng = np.random.default_rng(seed + 7)
    for prefix in prefixes:
        x = read_idx(f"{prefix}-images-idx3-ubyte", 0x803)
        y = read_idx(f"{prefix}-labels-idx1-ubyte", 0x801).astype(np.int64)
        if len(x) != len(y) or x.shape[1:] != (28, 28) or (y > 10).any():
            raise ValueError(f"{prefix}: not 28x28 crops with one label 0-10 each")
        negative = y == 10
        if places:
            negative &= np.isin(negative_places(prefix, len(y)), places)
        keep = (y < 10) | (negative & (rng.random(len(y)) < (negative_share if classes == 11 else 0.0)))
        xs.append(x[keep])
        ys.append(y[keep])
    return np.concatenate(xs), np.concatenate(ys)


def evaluate(net, images: torch.Tensor, labels: torch.Tensor) -> float:
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(images), 1000):
            correct += (net(images[i:i + 1000]).argmax(1) == labels[i:i + 1000]).sum().item()
    return correct / len(images)


def logits(net, images: torch.Tensor) -> torch.Tensor:
    net.eval()
    with torch.no_grad():
        return torch.cat([net(images[i:i + 1000]) for i in range(0, len(images), 1000)])


def calibrate_reject(net, digits_x, digits_y, negatives_x, max_reject):
    """Sets the operating point of the "not a digit" class on validation data: the reject logit is
    lowered (in steps of 0.1, at most by 6) until no more than max_reject of the handwritten validation
    digits are rejected. The shift goes into the last layer's bias, so cam and every evaluator see it."""
    reject = digit_data.REJECT
    ld, ln = logits(net, digits_x), logits(net, negatives_x)
    bump = torch.zeros(ld.shape[1], device=ld.device)

    def rates(shift):
        bump[reject] = shift
        return (((ld + bump).argmax(1) == reject).float().mean().item(),
                ((ln + bump).argmax(1) != reject).float().mean().item())

    before = rates(0.0)
    shift = 0.0
    while rates(shift)[0] > max_reject and shift > -6.0:
        shift = round(shift - 0.1, 1)
    after = rates(shift)
    with torch.no_grad():
        net.head[-1].bias[reject] += shift
    return {"logit_shift": shift, "max_val_reject": max_reject, "n_val_digits": len(digits_x),
            "n_val_negatives": len(negatives_x), "val_digits_rejected_before": before[0],
            "val_digits_rejected": after[0], "val_negatives_argmax_digit_before": before[1],
            "val_negatives_argmax_digit": after[1],
            "val_digit_accuracy": float(((ld + bump).argmax(1).cpu() == torch.as_tensor(digits_y)).float().mean())}


def dnn_probabilities(onnx_path: str, images: np.ndarray) -> np.ndarray:
    """Class probabilities from cv::dnn (OpenCV's own inference, as cam runs it) for uint8 28x28 crops."""
    import cv2

    net = cv2.dnn.readNetFromONNX(onnx_path)
    out = []
    for i in range(0, len(images), 500):
        blob = cv2.dnn.blobFromImages(list(images[i:i + 500]), 1.0 / 255.0)
        net.setInput(blob)
        out.append(net.forward().reshape(len(images[i:i + 500]), -1))
    return np.concatenate(out)


def held_out_report(onnx_path, mnist_test_x, mnist_test_y, font_x, font_y, neg_x, slash_x, seven_x, seven_y,
                    min_confidence):
    """The figures of the model card, measured through cv::dnn on data training never saw."""
    def accepted(p):  # what cam reports as a digit: a digit class, at or above min_confidence
        return (p.argmax(1) != digit_data.REJECT) & (p.max(1) >= min_confidence)

    pm, pf, pn, ps, p7 = (dnn_probabilities(onnx_path, x) for x in (mnist_test_x, font_x, neg_x, slash_x, seven_x))
    ones = mnist_test_y == 1
    digits_p = np.concatenate([pm, pf])
    digits_y = np.concatenate([mnist_test_y, font_y])
    return {
        "mnist_test_accuracy": float((pm.argmax(1) == mnist_test_y).mean()),
        "held_out_font_digit_accuracy": float((pf.argmax(1) == font_y).mean()),
        "held_out_digits_rejected": float((digits_p.argmax(1) == digit_data.REJECT).mean()),
        "held_out_digits_not_reported": float((~accepted(digits_p)).mean()),
        "held_out_digits_reported_wrong": float((accepted(digits_p) & (digits_p.argmax(1) != digits_y)).mean()),
        "held_out_negatives_accepted": float(accepted(pn).mean()),
        "held_out_negatives_argmax_digit": float((pn.argmax(1) != digit_data.REJECT).mean()),
        # A printed slash and a handwritten 1 leaning over are alike: both sides of that trade.
        "held_out_slashes_accepted": float(accepted(ps).mean()) if len(ps) else None,
        "mnist_test_ones_not_reported": float((~accepted(pm[ones])).mean()),
        # Seven-segment digits of faces training never saw (a meter's display).
        "held_out_seven_segment_digits_reported_right": float((accepted(p7) & (p7.argmax(1) == seven_y)).mean()),
        "held_out_seven_segment_digits_reported_wrong": float((accepted(p7) & (p7.argmax(1) != seven_y)).mean()),
        "min_confidence": min_confidence,
        "n_mnist_test": int(len(pm)), "n_font_digits": int(len(pf)), "n_negatives": int(len(pn)),
        "n_slashes": int(len(ps)), "n_seven_segment_digits": int(len(p7)),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mnist", required=True, help="folder with the four MNIST IDX files")
    ap.add_argument("--out", required=True, help="ONNX file to write")
    # The defaults make the shipped model; docs/model.md lists the other recipes tried, with their commands.
    ap.add_argument("--arch", choices=sorted(ARCHS), default="stride-32-k5")
    ap.add_argument("--epochs", type=int, default=24)
    ap.add_argument("--easy-epochs", type=int, default=5, help="last epochs with the distortion halved")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=3e-3, help="peak learning rate of the one-cycle schedule")
    ap.add_argument("--font-digits", type=int, default=30000, help="printed digits rendered from training fonts")
    ap.add_argument("--seven-segment-digits", type=int, default=0,
                    help="printed digits rendered from the dev seven-segment faces (a meter's display)")
    ap.add_argument("--negatives", type=int, default=20000, help="'not a digit' crops (only with --classes 11)")
    ap.add_argument("--slash-share", type=float, default=0.0,
                    help="share of the negatives that are printed slashes (dates: 28/09/2020)")
    ap.add_argument("--bold-share", type=float, default=0.1,
                    help="share of training images drawn a pixel bolder (stroke width jitter)")
    ap.add_argument("--break-share", type=float, default=0.05,
                    help="share of training images with a thin band erased across (broken strokes)")
    ap.add_argument("--cross-seven-share", type=float, default=0.25,
                    help="share of the training 7s given a bar across the stem (the European 7)")
    ap.add_argument("--small-share", type=float, default=0.0,
                    help="share of the live-path MNIST copies and of the printed digits made 11-30 px tall")
    ap.add_argument("--scene-crops", action="append", default=[], metavar="PREFIX",
                    help="candidate crops cut out of generated training scenes by cam's own segmenter and "
                         "labelled from their truth (`digits harvest ... PREFIX`: PREFIX-images-idx3-ubyte and "
                         "PREFIX-labels-idx1-ubyte, label 10 = not a digit); repeatable")
    ap.add_argument("--scene-negative-share", type=float, default=0.0,
                    help="share of the harvested 'not a digit' crops trained on")
    ap.add_argument("--scene-negative-places", default="",
                    help="only the harvested 'not a digit' crops of these places against the truth (PREFIX-boxes.csv), "
                         f"comma-separated: {', '.join(PLACES)} (default: all)")
    ap.add_argument("--classes", type=int, choices=(10, 11), default=11,
                    help="11: digits and 'not a digit' (the shipped model); 10: digits only")
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--threads", type=int, default=2,
                    help="PyTorch threads; the shipped model was trained with 2 (another count sums in another "
                         "order and gives a slightly different model)")
    ap.add_argument("--device", default="cpu",
                    help="where to train: cpu (the shipped model), or cuda to try recipes quickly on a GPU "
                         "(another random stream, so another model than the CPU's)")
    ap.add_argument("--ema", type=float, default=0.999,
                    help="if > 0, export an exponential moving average of the weights with this decay per step")
    ap.add_argument("--min-confidence", type=float, default=0.7, help="cam's classifier.min_confidence, for the report")
    ap.add_argument("--smoke", action="store_true", help="1 epoch on a small subset: checks the script works")
    ap.add_argument("--report", help="JSON file for the training report (default: OUT with .train.json)")
    ap.add_argument("--max-val-reject", type=float, default=0.001,
                    help="11 classes: the 'not a digit' logit is lowered until at most this share of the "
                         "validation handwritten digits is rejected (chosen on validation data, never on test)")
    args = ap.parse_args()
    places = [p for p in args.scene_negative_places.split(",") if p]
    unknown = set(places) - set(PLACES)
    if unknown:
        ap.error(f"--scene-negative-places: unknown place {', '.join(sorted(unknown))}")
    if args.classes == 10:
        args.negatives = 0

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    dev = torch.device(args.device)
    gen = torch.Generator(device=dev).manual_seed(args.seed)

    train_x, train_y = load_split(args.mnist, "train")
    test_x, test_y = load_split(args.mnist, "test")
    held_n, val_n = 5000, 5000 if args.classes == 11 else 0
    if args.smoke:
        train_x, train_y, test_x, test_y = train_x[:1200], train_y[:1200], test_x[:1000], test_y[:1000]
        args.epochs, held_n, val_n = 1, 200, 200 if args.classes == 11 else 0
        args.font_digits = min(args.font_digits, 300)
        args.seven_segment_digits = min(args.seven_segment_digits, 100)
        args.negatives = 300 if args.classes == 11 else 0
    # The last val_n training digits choose the reject operating point; they are not trained on.
    val_x, val_y = train_x[len(train_x) - val_n:], train_y[len(train_y) - val_n:]
    train_x, train_y = train_x[:len(train_x) - val_n], train_y[:len(train_y) - val_n]
    t0 = time.time()
    renorm_x = renormalized_copy(train_x, args.seed, args.small_share)
    train_fonts = digit_data.find_fonts(digit_data.TRAIN_FAMILIES)
    held_fonts = digit_data.find_fonts(digit_data.HELD_OUT_FAMILIES)
    extra_x, extra_y = digit_data.make_set(args.font_digits, args.negatives, train_fonts, train_x, train_y, args.seed,
                                           args.slash_share, args.small_share)
    seven_x, seven_y = digit_data.seven_segment_set(args.seven_segment_digits, "dev", args.seed + 7)
    try:
        scene_x, scene_y = scene_crops(args.scene_crops, args.scene_negative_share, args.classes, args.seed, places)
    except (OSError, ValueError) as e:  # a missing or malformed harvest: one line naming it
        raise SystemExit(f"train.py: --scene-crops: {e}")
    if args.smoke:
        scene_x, scene_y = scene_x[:600], scene_y[:600]
    extra_x, extra_y = np.concatenate([extra_x, seven_x, scene_x]), np.concatenate([extra_y, seven_y, scene_y])
    # Held out: other font families, and fragments and pairs made of MNIST *test* digits.
    font_x, font_y = digit_data.make_set(held_n, 0, held_fonts, test_x, test_y, args.seed + 1)
    neg_x, _ = digit_data.make_set(0, held_n, held_fonts, test_x, test_y, args.seed + 2)
    slash_x = digit_data.slashes(held_n // 5, held_fonts, args.seed + 6)
    held_seven_x, held_seven_y = digit_data.seven_segment_set(held_n // 5, "held-out", args.seed + 8)
    # Validation: the held-back MNIST digits as shipped and through the live path, printed digits and
    # negatives from the training fonts (other seeds), never the test set.
    val_font_x, val_font_y = digit_data.make_set(val_n // 2, 0, train_fonts, val_x, val_y, args.seed + 3,
                                                 small_share=args.small_share)
    val_neg_x, _ = digit_data.make_set(0, val_n, train_fonts, val_x, val_y, args.seed + 4, args.slash_share)
    val_digits_x = np.concatenate([val_x, renormalized_copy(val_x, args.seed + 5, args.small_share), val_font_x])
    val_digits_y = np.concatenate([val_y, val_y, val_font_y]).astype(np.int64)
    print(f"prepared {len(train_x)} live-path copies, {len(extra_x)} font digits, negatives and scene crops "
          f"({len(train_fonts)} training fonts and {len(digit_data.SEVEN_SEGMENT_FACES['dev'])} seven-segment faces, {len(held_fonts)} held out) "
          f"in {time.time() - t0:.1f} s", flush=True)

    to_t = lambda a: torch.from_numpy(a.astype(np.float32) / 255.0).unsqueeze(1).to(dev)  # noqa: E731
    mnist_n = len(train_x)
    tx = to_t(np.concatenate([train_x, extra_x]))
    rx = to_t(np.concatenate([renorm_x, extra_x]))
    ty = torch.from_numpy(np.concatenate([train_y.astype(np.int64), extra_y])).to(dev)
    vx, vy = to_t(test_x), torch.from_numpy(test_y.astype(np.int64)).to(dev)

    net = DigitNet(args.arch, classes=args.classes)
    params = sum(p.numel() for p in net.parameters())
    macs = count_macs(net)
    print(f"{args.arch}: {params} parameters, {macs / 1e6:.2f} M MACs per crop", flush=True)
    net.to(dev)
    ema = WeightAverage(net, args.ema) if args.ema > 0 else None
    steps = (len(tx) + args.batch - 1) // args.batch
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps)

    history = []
    train_start = time.time()
    for epoch in range(args.epochs):
        net.train()
        t_epoch = time.time()
        perm = torch.randperm(len(tx), generator=gen, device=dev)
        total_loss = 0.0
        for b in range(steps):
            idx = perm[b * args.batch:(b + 1) * args.batch]
            # MNIST images come half the time as the live path would prepare them.
            use_renorm = (torch.rand(len(idx), generator=gen, device=dev) < 0.5) & (idx < mnist_n)
            x = torch.where(use_renorm[:, None, None, None], rx[idx], tx[idx])
            if args.cross_seven_share > 0:
                x = cross_sevens(x, ty[idx], gen, args.cross_seven_share)
            # The last --easy-epochs see gentler distortion, so the net settles on digits as they
            # mostly come rather than on the hardest distortions.
            x = random_warp(x, gen, strength=0.5 if epoch >= args.epochs - args.easy_epochs else 1.0)
            if args.bold_share > 0 or args.break_share > 0:
                x = stroke_jitter(x, gen, args.bold_share, args.break_share)
            loss = F.cross_entropy(net(x), ty[idx], label_smoothing=0.05)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            if ema:
                ema.update(net)
            total_loss += loss.item()
        acc = evaluate(ema.net if ema else net, vx, vy)
        history.append({"epoch": epoch + 1, "loss": total_loss / steps, "mnist_test_accuracy": acc,
                        "seconds": time.time() - t_epoch})
        print(f"epoch {epoch + 1}/{args.epochs} loss {total_loss / steps:.4f} MNIST test acc {acc:.4%} "
              f"({time.time() - t_epoch:.0f} s)", flush=True)
    train_seconds = time.time() - train_start
    if ema:
        net = ema.net
    calibration = calibrate_reject(net, to_t(val_digits_x), val_digits_y, to_t(val_neg_x), args.max_val_reject) \
        if args.classes == 11 and val_n else None

    export = WithSoftmax(net.cpu()).eval()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    # Newer PyTorch exports through dynamo by default; the TorchScript exporter writes the opset-11 graph
    # that cv::dnn reads.
    legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    torch.onnx.export(export, torch.zeros(1, 1, 28, 28), args.out, opset_version=11, input_names=["input"],
                      output_names=["probs"], dynamic_axes={"input": {0: "batch"}, "probs": {0: "batch"}}, **legacy)
    held = held_out_report(args.out, test_x, test_y, font_x, font_y, neg_x, slash_x, held_seven_x, held_seven_y,
                           args.min_confidence)
    report = {"model": os.path.basename(args.out), "architecture": args.arch, "parameters": params, "macs": macs,
              "classes": "0-9, 10 = not a digit" if args.classes == 11 else "0-9", "epochs": args.epochs, "easy_epochs": args.easy_epochs, "ema": args.ema, "device": args.device, "batch": args.batch, "seed": args.seed,
              "threads": args.threads, "train_mnist": mnist_n, "validation_mnist": val_n, "train_font_digits": args.font_digits,
              "train_seven_segment_digits": args.seven_segment_digits,
              "train_seven_segment_fonts": [os.path.basename(f) for f in digit_data.seven_segment_fonts("dev")],
              "train_negatives": args.negatives, "scene_crops": [os.path.basename(p) for p in args.scene_crops],
              "scene_digits": int((scene_y < 10).sum()), "scene_negatives": int((scene_y == 10).sum()),
              "scene_negative_places": places or "all", "slash_share": args.slash_share, "bold_share": args.bold_share,
              "break_share": args.break_share, "cross_seven_share": args.cross_seven_share, "train_fonts": [os.path.basename(f) for f in train_fonts],
              "held_out_fonts": [os.path.basename(f) for f in held_fonts], "train_seconds": round(train_seconds, 1),
              "torch_mnist_test_accuracy": history[-1]["mnist_test_accuracy"], "reject_calibration": calibration,
              "held_out": held,
              "history": history, "torch": torch.__version__}
    report_path = args.report or os.path.splitext(args.out)[0] + ".train.json"
    with open(report_path, "w") as f:
        json.dump(report, f, indent=2)
    print("held out (cv::dnn): " + ", ".join(f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}"
                                          for k, v in held.items()), flush=True)
    if calibration:
        print(f"reject calibration: logit shift {calibration['logit_shift']:+.2f}, validation digits rejected "
              f"{calibration['val_digits_rejected_before']:.4f} -> {calibration['val_digits_rejected']:.4f}, "
              f"validation negatives as digits {calibration['val_negatives_argmax_digit_before']:.4f} -> "
              f"{calibration['val_negatives_argmax_digit']:.4f}", flush=True)
    print(f"wrote {args.out} and {report_path} (train {train_seconds:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
