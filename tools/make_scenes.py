#!/usr/bin/python3
"""Generates scenes of numbers with known truth: cheques, number plates, notes and meters, with
handwritten (MNIST test set; the training set with --digits train) and printed (Debian fonts) digits,
distractors (letters, marks, ruled lines, form boxes, plate borders, security texture, stains) and
camera effects (uneven light, shadow, glare, blur, noise, JPEG, rotation, perspective).

  /usr/bin/python3 tools/make_scenes.py --mnist ~/.cache/digitcam/mnist --out DIR --n 200 --split dev
  /usr/bin/python3 tools/make_scenes.py --mnist ~/.cache/digitcam/mnist --out DIR --n 200 --split held-out

  /usr/bin/python3 tools/make_scenes.py --mnist ~/.cache/digitcam/mnist --out DIR --n 8 --video   # a 720p clip

Writes DIR/images/NNNN.(png|jpg) and DIR/annotations.json in COCO form: `images`, `categories` (the
ten digits, category_id = digit + 1), `annotations` (one box per digit: bbox [x, y, w, h] of its ink,
category_id) and, beyond COCO, `lines`: each number as a reader reads it (image_id, text, bbox).
With --video, DIR/clip.mp4 (H.264, 25 fps) and DIR/clip.json: the same, one image entry per frame
(`frame` = its index in the clip). Handwriting touches the next digit now and then and has broken
strokes; the "mixed" scene has dark ink and a light-on-dark plate in one frame.

Settings held out for testing (`--split held-out`): the held-out font families of tools/digit_data.py,
the "meter" scene kind, a dotted security texture and harsher effects; `dev` never uses them.
Deterministic for a given --seed.
"""
import argparse
import json
import os
import sys

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import digit_data  # noqa: E402
from mnist_idx import load_split  # noqa: E402

# The last MNIST training digits, which tools/train.py keeps back to validate on.
TRAIN_VALIDATION = 5000
LETTERS = "ACDEFHJKLMNPRUVWXY"  # plate letters that do not look like digits


class Scene:
    """A canvas, an id map (which digit owns each pixel of ink) and the truth lines."""

    def __init__(self, width, height, paper, rng):
        self.img = np.empty((height, width, 3), np.float32)
        self.img[:] = paper
        self.img += rng.normal(0, 3, (height, width, 1))
        self.ids = np.zeros((height, width), np.int32)
        self.labels = []  # digit label of id k+1
        self.lines = []  # (text, [ids])
        self.rng = rng

    def paint(self, alpha, x, y, colour, digit=None):
        """Blends colour by alpha (0..1) at top-left (x, y), clipped to the canvas; a digit's ink gets an id."""
        h, w = alpha.shape
        H, W = self.ids.shape
        x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, W), min(y + h, H)
        if x0 >= x1 or y0 >= y1:
            return None
        a = alpha[y0 - y:y1 - y, x0 - x:x1 - x]
        roi = self.img[y0:y1, x0:x1]
        roi[:] = roi * (1 - a[..., None]) + np.asarray(colour, np.float32) * a[..., None]
        if digit is None:
            return None
        self.labels.append(digit)
        k = len(self.labels)
        self.ids[y0:y1, x0:x1][a > 0.5] = k
        return k


def text_alpha(text, font, height):
    """The text's ink (0..1) at font size height, cropped to the ink, and the ink's top relative to the
    baseline (negative: above it), so glyphs are set on a common baseline as type is."""
    f = ImageFont.truetype(font, size=height)
    left, top, right, bottom = f.getbbox(text, anchor="ls")
    canvas = Image.new("L", (right - left + 4, bottom - top + 4), 0)
    ImageDraw.Draw(canvas).text((2 - left, 2 - top), text, fill=255, font=f, anchor="ls")
    a = np.asarray(canvas, np.float32) / 255.0
    ys, xs = np.nonzero(a > 0.05)
    if not len(xs):
        return a, top
    return a[ys.min():ys.max() + 1, xs.min():xs.max() + 1], ys.min() - (2 - top)


def mnist_alpha(img, height, rng):
    ys, xs = np.nonzero(img)
    crop = img[ys.min():ys.max() + 1, xs.min():xs.max() + 1].astype(np.float32) / 255.0
    h = max(6, int(height * rng.uniform(0.88, 1.05)))
    w = max(3, int(round(crop.shape[1] * h / crop.shape[0])))
    return np.clip(cv2.resize(crop, (w, h), interpolation=cv2.INTER_CUBIC), 0, 1)


class Writer:
    def __init__(self, by_label, fonts, rng, p_touch=0.0, p_break=0.0):
        self.by_label, self.fonts, self.rng = by_label, fonts, rng
        self.p_touch, self.p_break = p_touch, p_break  # chance that a handwritten digit touches the next, is broken

    def handwritten(self, scene, text, x, y, height, colour, gap=(0.12, 0.35)):
        """A number written by hand: MNIST test digits with uneven size, baseline and spacing.
        A space in text is a wider gap that splits the line into two numbers."""
        ids, line_ids = [], []
        for ch in text:
            if ch == " ":
                x += int(height * self.rng.uniform(0.9, 1.3))
                if line_ids:
                    ids.append(line_ids)
                    line_ids = []
                continue
            pool = self.by_label[int(ch)]
            alpha = mnist_alpha(pool[self.rng.integers(len(pool))], height, self.rng)
            if self.rng.random() < self.p_break:
                # A broken stroke: a thin band of the digit left unwritten.
                top = int(alpha.shape[0] * self.rng.uniform(0.2, 0.55))
                alpha[top:top + max(2, int(alpha.shape[0] * 0.06))] = 0
            k = scene.paint(alpha, x, y + int(self.rng.integers(-height // 12 - 1, height // 12 + 1)), colour, int(ch))
            if k:
                line_ids.append(k)
            # Handwriting joins digits now and then: the next one starts inside this one's box.
            touch = self.rng.random() < self.p_touch
            x += alpha.shape[1] + int(height * (self.rng.uniform(-0.1, -0.03) if touch else self.rng.uniform(*gap)))
        if line_ids:
            ids.append(line_ids)
        return x, ids

    @staticmethod
    def printed_width(text, height, font):
        """How wide printed() sets `text`."""
        width = 0
        for ch in text:
            width += int(height * 0.45) if ch == " " else text_alpha(ch, font, height)[0].shape[1] + max(2, int(height * 0.08))
        return width

    def printed(self, scene, text, x, y, height, colour, font=None, digits_only_truth=True):
        """Printed text, glyph by glyph so each digit has its own box; letters and marks are painted
        but are not digits."""
        font = font or self.fonts[self.rng.integers(len(self.fonts))]
        ids, line_ids = [], []
        space = int(height * 0.45)
        baseline = y - text_alpha("0", font, height)[1]  # digits' tops at y
        for ch in text:
            if ch == " ":
                x += space
                if line_ids:
                    ids.append(line_ids)
                    line_ids = []
                continue
            alpha, ink_top = text_alpha(ch, font, height)
            top = baseline + ink_top  # marks and lower-case letters sit where the font puts them
            k = scene.paint(alpha, x, top, colour, int(ch) if ch.isdigit() else None)
            if k:
                line_ids.append(k)
            elif line_ids and not ch.isdigit():
                ids.append(line_ids)  # a letter or a mark ends a number
                line_ids = []
            x += alpha.shape[1] + max(2, int(height * 0.08))
        if line_ids:
            ids.append(line_ids)
        return x, ids


def texture(scene, kind, rng, strength):
    H, W = scene.ids.shape
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    if kind == "guilloche":  # fine wavy security lines
        f = rng.uniform(0.02, 0.05)
        pattern = 0.5 + 0.5 * np.sin(xx * f + 6 * np.sin(yy * f * 0.7)) * np.sin(yy * f * 1.3)
    else:  # "dots": a halftone of small dots (held out)
        step = int(rng.integers(5, 9))
        pattern = (((xx.astype(int) % step) < 2) & ((yy.astype(int) % step) < 2)).astype(np.float32)
    tint = rng.uniform(-1, 1, 3).astype(np.float32) * 40
    scene.img += pattern[..., None] * (tint - 25) * strength


def stain(scene, rng):
    H, W = scene.ids.shape
    r = int(rng.integers(20, 80))
    blob = np.zeros((2 * r, 2 * r), np.float32)
    cv2.ellipse(blob, (r, r), (r, int(r * rng.uniform(0.5, 1))), float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
    blob = cv2.GaussianBlur(blob, (0, 0), r / 4) * rng.uniform(0.15, 0.35)
    scene.paint(blob, int(rng.integers(0, W - r)), int(rng.integers(0, H - r)), (90, 120, 150))


def cheque(scene, w, rng):
    H, W = scene.ids.shape
    texture(scene, "guilloche", rng, rng.uniform(0.1, 0.35))
    ink = (int(rng.integers(60, 110)), int(rng.integers(20, 50)), int(rng.integers(10, 40)))
    grey = (70, 70, 70)
    label_h = int(H * rng.uniform(0.04, 0.06))
    w.printed(scene, "PAY", int(W * 0.05), int(H * 0.2), label_h, grey)
    # Amount in a box: handwritten, maybe with a currency mark and decimals after a dot.
    bx, by, bh = int(W * 0.58), int(H * 0.35), int(H * rng.uniform(0.14, 0.2))
    cv2.rectangle(scene.img, (bx, by), (W - int(W * 0.05), by + bh), (80, 80, 80), 2)
    amount = str(int(rng.integers(10, 99999)))
    cents = f"{int(rng.integers(0, 100)):02d}"
    x, _ = w.printed(scene, rng.choice(["$", "€", "£"]), bx + 10, by + bh // 5, int(bh * 0.6), grey, digits_only_truth=True)
    # A writer makes the figures smaller to fit them in the box (a handwritten digit and its gap take
    # about 0.95 of its height); a long amount at full size would run over the box and off the cheque.
    x += int(bh * 0.2)
    room = W - int(W * 0.05) - x - 30
    hand_h = min(int(bh * 0.65), int(room / (0.95 * (len(amount) + len(cents)))))
    x, ids = w.handwritten(scene, amount, x, by + bh // 6, hand_h, ink)
    scene.lines += [(amount, i) for i in ids]
    r = max(2, int(hand_h * 0.06))  # a pen's dot: about a stroke wide
    dot = np.zeros((2 * r + 1, 2 * r + 1), np.float32)
    cv2.circle(dot, (r, r), r, 1.0, -1)
    scene.paint(dot, x, by + bh // 6 + hand_h - 2 * r, ink)
    x, ids = w.handwritten(scene, cents, x + 2 * r + int(hand_h * 0.15), by + bh // 6, hand_h, ink)
    scene.lines += [(cents, i) for i in ids]
    # Date, printed, with dashes or slashes between its parts.
    date_h = int(H * rng.uniform(0.045, 0.07))
    parts = [f"{int(rng.integers(1, 29)):02d}", f"{int(rng.integers(1, 13)):02d}", str(int(rng.integers(2000, 2030)))]
    sep = rng.choice(["-", "/", "."])
    _, ids = w.printed(scene, sep.join(parts), int(W * 0.62), int(H * 0.12), date_h, (40, 40, 40))
    scene.lines += list(zip(parts, ids))
    # A ruled line with a handwritten number on it, and the account number at the bottom.
    y = int(H * 0.68)
    cv2.line(scene.img, (int(W * 0.05), y), (int(W * 0.55), y), (120, 110, 100), 2, cv2.LINE_AA)
    hh = int(H * rng.uniform(0.07, 0.1))
    text = str(int(rng.integers(100, 99999)))
    _, ids = w.handwritten(scene, text, int(W * 0.08), y - hh - 4, hh, ink)
    scene.lines += [(text, i) for i in ids]
    acct = str(int(rng.integers(10 ** 7, 10 ** 9)))
    _, ids = w.printed(scene, acct, int(W * 0.1), int(H * 0.85), int(H * 0.05), (30, 30, 30))
    scene.lines += [(acct, i) for i in ids]


def plate(scene, w, rng, dark, area=(0.2, 0.8, 0.2, 0.8), size=(0.5, 0.7)):
    """A number plate: letters and a number; area bounds where its top-left corner goes (x0, x1, y0, y1
    as shares of the free room), size its width as a share of the frame's."""
    H, W = scene.ids.shape
    pw, ph = int(W * rng.uniform(*size)), int(H * rng.uniform(0.22, 0.32))
    px, py = int((W - pw) * rng.uniform(area[0], area[1])), int((H - ph) * rng.uniform(area[2], area[3]))
    face = (40, 40, 40) if dark else tuple(int(v) for v in rng.choice([(235, 235, 235), (40, 200, 235)]))
    ink = (225, 225, 225) if dark else (25, 25, 25)
    cv2.rectangle(scene.img, (px, py), (px + pw, py + ph), face, -1)
    cv2.rectangle(scene.img, (px + 6, py + 6), (px + pw - 6, py + ph - 6), ink, 3)  # the plate's border
    letters = "".join(rng.choice(list(LETTERS), int(rng.integers(1, 4))))
    number = str(int(rng.integers(1, 9999)))
    th = int(ph * 0.55)
    font = w.fonts[rng.integers(len(w.fonts))]
    text = f"{letters} {number}" if rng.random() < 0.6 else f"{letters}-{number}"
    while th > 12 and w.printed_width(text, th, font) > pw * 0.85:  # the text fits on the plate
        th = int(th * 0.9)
    _, ids = w.printed(scene, text, px + int(pw * 0.1), py + (ph - th) // 2, th, ink, font=font)
    scene.lines += [(number, i) for i in ids]


def note(scene, w, rng):
    H, W = scene.ids.shape
    for y in range(int(H * 0.15), H, int(H * 0.12)):  # ruled paper
        cv2.line(scene.img, (0, y), (W, y), (200, 170, 150), 1, cv2.LINE_AA)
    ink = (int(rng.integers(80, 140)), int(rng.integers(20, 60)), int(rng.integers(0, 40)))
    h = int(H * rng.uniform(0.08, 0.14))
    y = int(H * rng.uniform(0.15, 0.3))
    groups = [str(int(rng.integers(10 ** (n - 1), 10 ** n))) for n in rng.choice([3, 4], int(rng.integers(2, 4)))]
    x = int(W * rng.uniform(0.05, 0.2))
    # The line fits on the page: a handwritten digit and its gap take up to about 1.1 heights, a space 1.3.
    h = min(h, int((W * 0.95 - x) / (1.1 * sum(map(len, groups)) + 1.3 * (len(groups) - 1))))
    _, ids = w.handwritten(scene, " ".join(groups), x, y, h, ink)
    scene.lines += list(zip(groups, ids))
    w.printed(scene, "Tel:", int(W * 0.05), int(y + h * 1.6), int(h * 0.5), (50, 50, 50))
    small = str(int(rng.integers(10, 9999)))
    _, ids = w.handwritten(scene, small, int(W * rng.uniform(0.3, 0.6)), int(H * rng.uniform(0.55, 0.75)),
                           int(H * rng.uniform(0.04, 0.06)), ink)  # small digits: ~20-40 px at 720p
    scene.lines += [(small, i) for i in ids]


def mixed(scene, w, rng):
    """Both polarities in one frame: a handwritten note above a dark plate with light digits."""
    H, W = scene.ids.shape
    ink = (int(rng.integers(80, 140)), int(rng.integers(20, 60)), int(rng.integers(0, 40)))
    h = int(H * rng.uniform(0.08, 0.12))
    text = str(int(rng.integers(100, 99999)))
    _, ids = w.handwritten(scene, text, int(W * rng.uniform(0.05, 0.4)), int(H * rng.uniform(0.05, 0.15)), h, ink)
    scene.lines += [(text, i) for i in ids]
    plate(scene, w, rng, True, area=(0.1, 0.9, 0.75, 0.95), size=(0.4, 0.55))


def meter(scene, w, rng):
    """Light digits on a dark display inside a light housing: the other polarity (held out)."""
    H, W = scene.ids.shape
    dx, dy, dw, dh = int(W * 0.25), int(H * 0.3), int(W * 0.5), int(H * 0.3)
    cv2.rectangle(scene.img, (dx, dy), (dx + dw, dy + dh), (30, 45, 35), -1)
    number = str(int(rng.integers(10000, 999999)))
    _, ids = w.printed(scene, number, dx + int(dw * 0.08), dy + int(dh * 0.2), int(dh * 0.55), (170, 255, 190))
    scene.lines += [(number, i) for i in ids]
    label = str(int(rng.integers(100, 999)))
    _, ids = w.printed(scene, "kWh " + label, dx, dy + dh + 20, int(H * 0.05), (40, 40, 40))
    scene.lines += [(label, i) for i in ids]


def display(scene, w, rng):
    """A meter's display: a reading in seven-segment digits, each in its cell of the face's width (a 1
    lights the right side of its cell), dark on a light LCD or lit on a dark panel, now and then with the
    unlit segments faintly visible, and a printed caption under it."""
    H, W = scene.ids.shape
    font_path = w.display_fonts[rng.integers(len(w.display_fonts))]
    n = int(rng.integers(3, 8))
    text = str(int(rng.integers(10 ** (n - 1), 10 ** n)))
    size = int(H * rng.uniform(0.07, 0.22))
    font = ImageFont.truetype(font_path, size=size)
    advance = font.getlength("8")
    while advance * n > W * 0.8:
        size = int(size * 0.9)
        font = ImageFont.truetype(font_path, size=size)
        advance = font.getlength("8")
    pad = int(size * rng.uniform(0.2, 0.5))
    ascent = -font.getbbox("8", anchor="ls")[1]
    pw, ph = int(advance * n) + 2 * pad, ascent + 2 * pad
    px, py = int((W - pw) * rng.uniform(0.05, 0.95)), int((H - ph - size) * rng.uniform(0.05, 0.9))
    lcd = rng.random() < 0.6
    if lcd:
        panel = tuple(float(v) for v in (rng.uniform(120, 170), rng.uniform(150, 200), rng.uniform(130, 180)))
        ink = tuple(float(v) for v in rng.uniform(15, 45, 3))
    else:
        panel = tuple(float(v) for v in rng.uniform(10, 35, 3))
        ink = [(80, 255, 120), (60, 60, 255), (255, 230, 90), (40, 190, 255)][int(rng.integers(4))]
    cv2.rectangle(scene.img, (px, py), (px + pw, py + ph), panel, -1)
    ghost = lcd and rng.random() < 0.3  # the unlit segments, faintly
    line = []
    for i, ch in enumerate(text):
        cell_x = px + pad + int(round(i * advance))
        for glyph, alpha_scale, digit in (("8", 0.1, None), (ch, 1.0, int(ch))):
            if digit is None and not ghost:
                continue
            canvas = Image.new("L", (int(advance) + 8, int(size * 1.4)), 0)
            ImageDraw.Draw(canvas).text((4, int(size * 1.1)), glyph, fill=255, font=font, anchor="ls")
            a = np.asarray(canvas, np.float32) / 255.0 * alpha_scale
            ys, xs = np.nonzero(a > 0.05 * alpha_scale)
            if not len(xs):
                continue
            crop = a[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
            baseline = py + pad + ascent
            k = scene.paint(crop, cell_x - 4 + xs.min(), baseline - int(size * 1.1) + ys.min(), ink, digit)
            if k:
                line.append(k)
    if line:
        scene.lines.append((text, line))
    # Units with no digit in them, nor a letter that is one in print (O, T)
    caption = ["kWh", "km", "kg", "L", "gal", "kPa"][int(rng.integers(6))]
    w.printed(scene, caption, px, py + ph + int(size * 0.2), max(12, int(size * 0.35)), (40, 40, 40))


def label(scene, w, rng):
    """Fine print: a label with a serial number, a lot number and a small handwritten figure, digits
    12 to 22 px high at 720p (the smallest the issue asks for)."""
    H, W = scene.ids.shape
    lw, lh = int(W * rng.uniform(0.45, 0.6)), int(H * rng.uniform(0.35, 0.5))
    lx, ly = int((W - lw) * rng.uniform(0.1, 0.9)), int((H - lh) * rng.uniform(0.1, 0.9))
    cv2.rectangle(scene.img, (lx, ly), (lx + lw, ly + lh), tuple(float(v) for v in rng.uniform(225, 250, 3)), -1)
    cv2.rectangle(scene.img, (lx, ly), (lx + lw, ly + lh), (90, 90, 90), 1)
    ink = (30, 30, 30)
    y = ly + int(lh * 0.1)
    for caption, digits in (("SN", (6, 9)), ("REF", (3, 6))):
        size = int(rng.integers(17, 31))  # font size: digits' ink about 0.7 of it, 12-22 px
        text = str(int(rng.integers(10 ** (digits[0] - 1), 10 ** int(rng.integers(*digits)))))
        font = w.fonts[rng.integers(len(w.fonts))]
        while size > 17 and w.printed_width(f"{caption} {text}", size, font) > lw * 0.9:
            size -= 1
        _, ids = w.printed(scene, f"{caption} {text}", lx + int(lw * 0.05), y, size, ink, font=font)
        scene.lines += [(text, i) for i in ids]
        y += int(size * rng.uniform(1.6, 2.4))
    hand_ink = (int(rng.integers(80, 140)), int(rng.integers(20, 60)), int(rng.integers(0, 40)))
    text = str(int(rng.integers(10, 9999)))
    _, ids = w.handwritten(scene, text, lx + int(lw * rng.uniform(0.05, 0.5)), y + int(lh * 0.05),
                           int(rng.integers(14, 24)), hand_ink)
    scene.lines += [(text, i) for i in ids]


def closeup(scene, w, rng):
    """A number seen from close by: digits a fifth to a third of the frame high, handwritten or printed."""
    H, W = scene.ids.shape
    digits = int(rng.integers(2, 5))
    text = str(int(rng.integers(10 ** (digits - 1), 10 ** digits)))
    dark = (int(rng.integers(20, 120)), int(rng.integers(20, 60)), int(rng.integers(0, 40)))
    if rng.random() < 0.5:
        h = int(H * rng.uniform(0.2, 0.33))
        h = min(h, int(W * 0.9 / (1.0 * digits)))
        x = int((W - 0.9 * h * digits) * rng.uniform(0.1, 0.9))
        _, ids = w.handwritten(scene, text, x, int((H - h) * rng.uniform(0.2, 0.8)), h, dark)
    else:
        font = w.fonts[rng.integers(len(w.fonts))]
        size = int(H * rng.uniform(0.28, 0.46))  # digits' ink about 0.7 of it
        while w.printed_width(text, size, font) > W * 0.9:
            size = int(size * 0.9)
        x = int((W - w.printed_width(text, size, font)) * rng.uniform(0.1, 0.9))
        _, ids = w.printed(scene, text, x, int((H - 0.75 * size) * rng.uniform(0.2, 0.8)), size, dark, font=font)
    scene.lines += [(text, i) for i in ids]


def lighting(scene, rng, harsh):
    """Uneven light: a smooth gradient, maybe a shadow edge and a glare spot."""
    H, W = scene.ids.shape
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    g = rng.uniform(0.25, 0.5) if harsh else rng.uniform(0.0, 0.3)
    angle = rng.uniform(0, 2 * np.pi)
    light = 1 - g * ((xx * np.cos(angle) + yy * np.sin(angle)) / np.hypot(W, H) + 0.5)
    if rng.random() < (0.6 if harsh else 0.3):
        a, b = rng.uniform(-1, 1, 2)
        light = light * np.where(a * (xx - W / 2) + b * (yy - H / 2) > 0, rng.uniform(0.55, 0.8), 1.0)
        light = cv2.GaussianBlur(light.astype(np.float32), (0, 0), 15)
    img = scene.img * light[..., None]
    if rng.random() < (0.5 if harsh else 0.2):
        cx, cy, r = rng.uniform(0, W), rng.uniform(0, H), rng.uniform(60, 200)
        img = img + 120 * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))[..., None]
    return np.clip(img, 0, 255).astype(np.float32)


def viewpoint(rng, harsh, W, H):
    """Where the camera looks from: the frame's four corners moved a little, and a rotation."""
    m = 0.04 if harsh else 0.025
    src = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
    dst = src + rng.uniform(-m, m, (4, 2)).astype(np.float32) * np.float32([W, H])
    rot = cv2.getRotationMatrix2D((W / 2, H / 2), rng.uniform(-6, 6) if harsh else rng.uniform(-3, 3), 1.0)
    return cv2.transform(dst[None], rot)[0].astype(np.float32)


def shoot(img, ids, corners, blur, noise, rng):
    """The picture the camera takes from `corners`, and the id map seen the same way."""
    H, W = ids.shape
    src = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
    P = cv2.getPerspectiveTransform(src, corners)
    out = cv2.warpPerspective(img, P, (W, H), borderMode=cv2.BORDER_REPLICATE)
    seen = cv2.warpPerspective(ids, P, (W, H), flags=cv2.INTER_NEAREST, borderValue=0)
    if blur > 0.3:
        out = cv2.GaussianBlur(out, (0, 0), blur)
    out = out + rng.normal(0, noise, out.shape)
    return np.clip(out, 0, 255).astype(np.uint8), seen


def camera(scene, rng, harsh):
    """Light, geometry and sensor: applied to the image; geometry also to the id map."""
    H, W = scene.ids.shape
    img = lighting(scene, rng, harsh)
    corners = viewpoint(rng, harsh, W, H)
    blur = rng.uniform(0, 1.6 if harsh else 1.0)
    return shoot(img, scene.ids, corners, blur, rng.uniform(1, 9 if harsh else 5), rng)


def truth_boxes(ids):
    """Each digit's ink box in the picture, by id."""
    ys, xs = np.nonzero(ids)
    ks = ids[ys, xs]
    boxes = {}
    for k in np.unique(ks):
        sel = ks == k
        x0, x1, y0, y1 = xs[sel].min(), xs[sel].max(), ys[sel].min(), ys[sel].max()
        boxes[int(k)] = [int(x0), int(y0), int(x1 - x0 + 1), int(y1 - y0 + 1)]
    return boxes


KINDS = {"cheque": cheque, "plate": lambda s, w, r: plate(s, w, r, False),
         "plate-dark": lambda s, w, r: plate(s, w, r, True), "note": note, "mixed": mixed, "meter": meter,
         "display": display,
         "label": label, "closeup": closeup}


def make_scene(index, args, writer, rng, held_out):
    kinds = args.kinds or ["cheque", "plate", "plate-dark", "note", "mixed"] + (["meter"] if held_out else [])
    kind = kinds[index % len(kinds)]
    paper = np.float32([rng.uniform(200, 245), rng.uniform(210, 245), rng.uniform(215, 250)])
    scene = Scene(args.width, args.height, paper, rng)
    if held_out and rng.random() < 0.5:
        texture(scene, "dots", rng, rng.uniform(0.1, 0.3))
    KINDS[kind](scene, writer, rng)
    for _ in range(int(rng.integers(0, 3))):
        stain(scene, rng)
    return kind, scene


def add_truth(coco, image_id, scene, boxes):
    """The digits and lines of one picture, in COCO form (plus `lines`)."""
    for k, box in boxes.items():
        coco["annotations"].append({"id": len(coco["annotations"]) + 1, "image_id": image_id,
                                    "category_id": scene.labels[k - 1] + 1, "bbox": box,
                                    "area": box[2] * box[3], "iscrowd": 0})
    for text, ids in scene.lines:
        kept = [boxes[k] for k in ids if k in boxes]
        if len(kept) != len(ids):
            continue  # a digit out of the frame: not a line anyone can read whole
        x0, y0 = min(b[0] for b in kept), min(b[1] for b in kept)
        x1, y1 = max(b[0] + b[2] for b in kept), max(b[1] + b[3] for b in kept)
        coco["lines"].append({"image_id": image_id, "text": text, "bbox": [x0, y0, x1 - x0, y1 - y0]})


def write_clip(args, writer, rng, held_out, coco):
    """A video: each scene held for --frames-per-scene frames while the camera drifts from one
    viewpoint to another, with fresh sensor noise every frame. Truth per frame (image file_name
    "clip.mp4#N", `frame` = N)."""
    path = os.path.join(args.out, "clip.mp4")
    out = None
    for fourcc in ("avc1", "mp4v"):
        out = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*fourcc), 25.0, (args.width, args.height))
        if out.isOpened():
            break
    if not out or not out.isOpened():
        raise SystemExit(f"make_scenes: cannot write {path} (no H.264 or MPEG-4 encoder in OpenCV's FFmpeg)")
    frame = 0
    for i in range(args.n):
        kind, scene = make_scene(i, args, writer, rng, held_out)
        img = lighting(scene, rng, held_out)
        start, end = viewpoint(rng, held_out, args.width, args.height), viewpoint(rng, held_out, args.width, args.height)
        blur = rng.uniform(0, 1.2 if held_out else 0.8)
        for f in range(args.frames_per_scene):
            t = f / max(1, args.frames_per_scene - 1)
            picture, ids = shoot(img, scene.ids, (1 - t) * start + t * end, blur, rng.uniform(1, 6), rng)
            out.write(picture)
            image_id = frame + 1
            coco["images"].append({"id": image_id, "file_name": f"clip.mp4#{frame}", "frame": frame,
                                   "width": args.width, "height": args.height, "scene": kind})
            add_truth(coco, image_id, scene, truth_boxes(ids))
            frame += 1
    out.release()
    return frame


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mnist", required=True, help="folder with the MNIST IDX files (test digits are used)")
    ap.add_argument("--digits", choices=["test", "train"], default="test",
                    help="MNIST digits to write with: test (every evaluation set), or train, for scenes to "
                         "train on: the first 55,000 training digits, never the 5,000 tools/train.py holds "
                         "back for validation")
    ap.add_argument("--out", required=True, help="folder to write images/ and annotations.json into")
    ap.add_argument("--n", type=int, default=100, help="number of scenes")
    ap.add_argument("--split", choices=["dev", "held-out"], default="dev")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=720)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--video", action="store_true",
                    help="write a clip (DIR/clip.mp4, truth per frame in DIR/clip.json) instead of images")
    ap.add_argument("--kinds", type=lambda v: v.split(","), default=None,
                    help="scene kinds, in turn (comma-separated: " + ", ".join(KINDS) + "); by default "
                         "cheque, plate, plate-dark, note, mixed, and meter in the held-out split; label (fine "
                         "print, 12-22 px digits) and closeup (digits up to a third of the frame) only when asked")
    ap.add_argument("--frames-per-scene", type=int, default=25, help="with --video: frames each scene is held")
    args = ap.parse_args()
    for kind in args.kinds or []:
        if kind not in KINDS:
            ap.error(f"--kinds: unknown scene kind '{kind}' (known: {', '.join(KINDS)})")

    held_out = args.split == "held-out"
    rng = np.random.default_rng(args.seed + (1000003 if held_out else 0))
    digits_x, digits_y = load_split(args.mnist, args.digits)
    if args.digits == "train":
        digits_x, digits_y = digits_x[:-TRAIN_VALIDATION], digits_y[:-TRAIN_VALIDATION]
    by_label = [digits_x[digits_y == d] for d in range(10)]
    fonts = digit_data.find_fonts(digit_data.HELD_OUT_FAMILIES if held_out else digit_data.TRAIN_FAMILIES)
    writer = Writer(by_label, fonts, rng, p_touch=0.25 if held_out else 0.15, p_break=0.12 if held_out else 0.08)
    if "display" in (args.kinds or []):
        writer.display_fonts = digit_data.seven_segment_fonts(args.split)
    coco = {"info": {"description": f"DigitCam scenes, split {args.split}, seed {args.seed}"},
            "categories": [{"id": d + 1, "name": str(d)} for d in range(10)],
            "images": [], "annotations": [], "lines": []}
    os.makedirs(args.out, exist_ok=True)
    if args.video:
        frames = write_clip(args, writer, rng, held_out, coco)
        with open(os.path.join(args.out, "clip.json"), "w") as f:
            json.dump(coco, f)
        print(f"wrote {args.out}/clip.mp4: {args.n} scenes, {frames} frames, {len(coco['annotations'])} digits, "
              f"{len(coco['lines'])} lines (truth: clip.json)")
        return
    os.makedirs(os.path.join(args.out, "images"), exist_ok=True)
    for i in range(args.n):
        kind, scene = make_scene(i, args, writer, rng, held_out)
        img, ids = camera(scene, rng, harsh=held_out)
        jpeg = rng.random() < 0.5
        name = f"{i:04d}.{'jpg' if jpeg else 'png'}"
        params = [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(50, 90))] if jpeg else []
        cv2.imwrite(os.path.join(args.out, "images", name), img, params)
        coco["images"].append({"id": i + 1, "file_name": name, "width": args.width, "height": args.height,
                               "scene": kind})
        add_truth(coco, i + 1, scene, truth_boxes(ids))
    with open(os.path.join(args.out, "annotations.json"), "w") as f:
        json.dump(coco, f)
    print(f"wrote {args.n} scenes, {len(coco['annotations'])} digits, {len(coco['lines'])} lines to {args.out}")


if __name__ == "__main__":
    main()
