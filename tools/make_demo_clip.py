#!/usr/bin/python3
"""Makes DigitCam's demo clip: a sheet of paper with handwritten (MNIST test set) and printed
(Debian fonts) numbers, filmed by a slowly moving, slightly shaky camera under changing light.

  /usr/bin/python3 tools/make_demo_clip.py --mnist ~/.cache/digitcam/mnist --out assets/demo.mp4

Writes the clip (H.264, 1280x720) and, beside it, OUT.truth.json: the numbers on the sheet, in
reading order, and the number of frames. Deterministic for a given --seed.
"""
import argparse
import json
import os
import sys

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mnist_idx import load_split  # noqa: E402

FONTS = {
    "sans-bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "serif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "mono": "/usr/share/fonts/truetype/freefont/FreeMonoBold.ttf",
}
INK = np.array([70, 40, 25], np.float32)  # dark blue-black ink, BGR


class Sheet:
    def __init__(self, width, height, rng):
        paper = np.array([222, 232, 238], np.float32)  # warm off-white, BGR
        grain = rng.normal(0, 4, (height, width, 1)).astype(np.float32)
        self.img = np.clip(paper + grain, 0, 255)
        self.rng = rng

    def put_ink(self, alpha, x, y):
        """alpha: float32 0..1 ink coverage, placed with its top-left at (x, y)."""
        h, w = alpha.shape
        roi = self.img[y:y + h, x:x + w]
        a = alpha[..., None]
        roi[:] = roi * (1 - a) + INK * a

    def handwritten(self, digits, by_label, x, y, height):
        """Writes MNIST test digits side by side, as a person would: uneven sizes and spacing."""
        for ch in digits:
            img = by_label[int(ch)][self.rng.integers(len(by_label[int(ch)]))]
            ys, xs = np.nonzero(img)
            crop = img[ys.min():ys.max() + 1, xs.min():xs.max() + 1].astype(np.float32) / 255.0
            h = int(height * self.rng.uniform(0.9, 1.05))
            w = max(4, int(round(crop.shape[1] * h / crop.shape[0])))
            alpha = np.clip(cv2.resize(crop, (w, h), interpolation=cv2.INTER_CUBIC), 0, 1)
            self.put_ink(alpha, x, y + int(self.rng.integers(-4, 5)))
            x += w + int(height * self.rng.uniform(0.15, 0.3))
        return x

    def printed(self, text, font, x, y, height):
        pil_font = ImageFont.truetype(FONTS[font], size=height)
        left, top, right, bottom = pil_font.getbbox(text)
        canvas = Image.new("L", (right - left + 4, bottom - top + 4), 0)
        ImageDraw.Draw(canvas).text((2 - left, 2 - top), text, fill=255, font=pil_font)
        alpha = np.asarray(canvas, np.float32) / 255.0
        self.put_ink(alpha, x, y)
        return x + alpha.shape[1]

    def rule(self, x0, x1, y):
        """A thin ruled line, as on a form: something the reader must not call a digit."""
        cv2.line(self.img, (x0, y), (x1, y), (190, 175, 160), 2, cv2.LINE_AA)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mnist", required=True, help="folder with the MNIST IDX files")
    ap.add_argument("--out", required=True, help="clip to write (.mp4)")
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--fps", type=float, default=25.0)
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=720)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--noise", type=float, default=3.0, help="sensor noise (grey levels, standard deviation)")
    args = ap.parse_args()

    rng = np.random.default_rng(args.seed)
    test_x, test_y = load_split(args.mnist, "test")
    by_label = {d: test_x[test_y == d] for d in range(10)}

    sheet = Sheet(1100, 560, rng)
    lines = []
    sheet.handwritten("1990", by_label, 80, 50, 90)
    lines.append(["1990"])
    sheet.rule(60, 1040, 160)
    sheet.printed("2072", "sans-bold", 80, 200, 80)
    lines.append(["2072"])
    sheet.rule(60, 1040, 305)
    x = sheet.handwritten("358", by_label, 80, 340, 85)
    sheet.printed("46", "serif", x + 180, 345, 78)
    lines.append(["358", "46"])
    sheet.printed("0815", "mono", 620, 200, 70)
    lines[1].append("0815")

    frames = int(round(args.seconds * args.fps))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    writer = None
    for fourcc in ("avc1", "mp4v"):
        writer = cv2.VideoWriter(args.out, cv2.VideoWriter_fourcc(*fourcc), args.fps, (args.width, args.height))
        if writer.isOpened():
            break
    if not writer or not writer.isOpened():
        sys.exit(f"make_demo_clip: cannot write {args.out}")

    desk = np.zeros((args.height, args.width, 3), np.float32)
    desk[:] = (60, 75, 90)
    yy, xx = np.mgrid[0:args.height, 0:args.width].astype(np.float32)
    sh, sw = sheet.img.shape[:2]
    for i in range(frames):
        t = i / max(1, frames - 1)
        # A hand-held camera: slow pan and zoom, a little rotation, a little shake.
        angle = 3.0 * np.sin(2 * np.pi * t) + rng.normal(0, 0.15)
        scale = 1.0 + 0.08 * np.sin(np.pi * t)
        cx = args.width / 2 + 40 * np.sin(2 * np.pi * t * 0.7) + rng.normal(0, 1.0)
        cy = args.height / 2 + 20 * np.cos(2 * np.pi * t * 0.5) + rng.normal(0, 1.0)
        m = cv2.getRotationMatrix2D((sw / 2, sh / 2), angle, scale)
        m[0, 2] += cx - sw / 2
        m[1, 2] += cy - sh / 2
        frame = cv2.warpAffine(sheet.img, m, (args.width, args.height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=(-1, -1, -1))
        frame = np.where(frame < 0, desk, frame)
        # Light changes: overall level drifts, and a soft shadow sweeps across.
        level = 0.8 + 0.2 * np.cos(2 * np.pi * t)
        shadow = 1.0 - 0.35 * np.exp(-((xx - args.width * (1.2 - 1.4 * t)) / 180.0) ** 2)
        frame = frame * (level * shadow)[..., None]
        frame += rng.normal(0, args.noise, frame.shape)
        writer.write(np.clip(frame, 0, 255).astype(np.uint8))
    writer.release()

    truth = {"clip": os.path.basename(args.out), "frames": frames, "fps": args.fps,
             "width": args.width, "height": args.height, "lines": lines,
             "numbers": [n for line in lines for n in line]}
    truth_path = os.path.splitext(args.out)[0] + ".truth.json"
    with open(truth_path, "w") as f:
        json.dump(truth, f, indent=2)
    print(f"wrote {args.out} ({os.path.getsize(args.out) / 1e6:.2f} MB, {frames} frames) and {truth_path}")


if __name__ == "__main__":
    main()
