"""Training and evaluation crops beyond MNIST: printed digits rendered from Debian's fonts, and
"not a digit" negatives (letters, punctuation, rules and box edges, fragments and pairs of digits,
background texture). Every crop goes through the live path's own preparation (tools/preprocess.py):
rendered large, distorted, binarized, cropped to its ink and normalized to 28x28.

Fonts are split by family: the HELD_OUT families never appear in training and measure how the model
does on type it has not seen.
"""
import glob
import os

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from preprocess import ink_bbox_crop, normalize_ink

REJECT = 10  # the "not a digit" class

FONT_DIRS = ["/usr/share/fonts/truetype", "/usr/share/fonts/opentype"]
TRAIN_FAMILIES = ["DejaVuSans-", "DejaVuSans.", "DejaVuSansCondensed", "DejaVuSerif-", "DejaVuSerif.",
                  "DejaVuSansMono", "FreeSans", "FreeMono", "LiberationSans", "LiberationMono", "NimbusSans-",
                  "NimbusRoman", "NimbusMonoPS", "URWGothic", "P052", "NotoSansMono", "NotoMono"]
HELD_OUT_FAMILIES = ["FreeSerif", "LiberationSerif", "C059", "URWBookman", "NimbusSansNarrow",
                     "DejaVuSerifCondensed"]
# Seven-segment faces (Debian's fonts-dseg), as a meter's display shows digits: training and the dev display
# scenes use the "dev" faces, the held-out display scenes and crops the others.
SEVEN_SEGMENT_FACES = {
    "dev": ["DSEG7Classic-Regular", "DSEG7Classic-Bold", "DSEG7Classic-Italic", "DSEG7Classic-BoldItalic",
            "DSEG7Classic-Light", "DSEG7Classic-LightItalic"],
    "held-out": ["DSEG7Modern-Regular", "DSEG7Modern-Bold", "DSEG7Modern-Italic", "DSEG7Modern-BoldItalic",
                 "DSEG7ClassicMini-Regular", "DSEG7ClassicMini-Bold"],
}
SEVEN_SEGMENT_DIR = "/usr/share/fonts/truetype/dseg"
FONT_PACKAGES = "fonts-dejavu-core fonts-dejavu-extra fonts-freefont-ttf fonts-liberation2 fonts-urw-base35 fonts-noto-mono fonts-dseg"

# Letters that no font or hand tells reliably from a digit (O/0, I/l/1, S/5, B/8, Z/2, G/6, g/q/9, b/6,
# T/7) are not used as negatives: calling them "not a digit" would teach the network to reject digits.
LETTERS = "ACEFHKLMNPRUVWXYacdefhkmnprtuvwxy"
# Nor marks that are a single upright stroke ( ! ' ( ) [ ] | ), which a "1" is too.
PUNCTUATION = ".,-:;+=%$#*&?_<>~^@€£"


def find_fonts(families):
    files = sorted(f for d in FONT_DIRS for f in glob.glob(os.path.join(d, "**", "*.*"), recursive=True)
                   if f.endswith((".ttf", ".otf")))
    found = [f for f in files if any(os.path.basename(f).startswith(fam) for fam in families)]
    missing = [fam for fam in families if not any(os.path.basename(f).startswith(fam) for f in found)]
    if len(missing) == len(families):
        raise SystemExit(f"digit_data: no fonts of {families}; install {FONT_PACKAGES}")
    return found


def seven_segment_fonts(split):
    paths = [os.path.join(SEVEN_SEGMENT_DIR, face + ".ttf") for face in SEVEN_SEGMENT_FACES[split]]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise SystemExit(f"digit_data: no seven-segment face {missing[0]}; install fonts-dseg")
    return paths


def render_text(text, font_path, size):
    """The text's ink (255) on black, cropped to its ink."""
    font = ImageFont.truetype(font_path, size=size)
    left, top, right, bottom = font.getbbox(text)
    canvas = Image.new("L", (right - left + 8, bottom - top + 8), 0)
    ImageDraw.Draw(canvas).text((4 - left, 4 - top), text, fill=255, font=font)
    return ink_bbox_crop(np.asarray(canvas))


def distort(ink, rng, max_angle=8.0, shear_range=(-0.25, 0.25), max_morph=2, max_blur=2.0, max_noise=25.0):
    """What a camera and the segmenter do to a shape: a little rotation and shear, a thicker or thinner
    stroke, blur, noise, and binarization at some level."""
    h, w = ink.shape
    pad = max(h, w) // 3 + 4
    img = cv2.copyMakeBorder(ink, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0).astype(np.float32)
    angle = rng.uniform(-max_angle, max_angle)
    shear = rng.uniform(*shear_range)
    cx, cy = img.shape[1] / 2, img.shape[0] / 2
    m = cv2.getRotationMatrix2D((cx, cy), angle, 1.0)
    m[0, 1] += shear
    m[0, 2] -= shear * cy
    img = cv2.warpAffine(img, m, (img.shape[1], img.shape[0]), flags=cv2.INTER_LINEAR)
    k = int(rng.integers(0, max_morph + 1))
    if k:
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * k + 1, 2 * k + 1))
        img = cv2.dilate(img, kernel) if rng.random() < 0.5 else cv2.erode(img, kernel)
    if rng.random() < 0.5:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, max_blur))
    img += rng.normal(0, rng.uniform(0, max_noise), img.shape)
    out = np.where(img > rng.uniform(70, 180), 255, 0).astype(np.uint8)
    return out if out.any() else ink


def camera_crop(ink, neighbour, rng):
    """The box the segmenter may really cut around a digit: exact most of the time, else tight (a few
    columns of the stroke cut off one side), loose (specks of dirt inside a wider box) or holding a sliver
    of the neighbouring digit. ink and neighbour are 255-on-0 images cropped to their ink."""
    kind = rng.choice(["exact", "exact", "exact", "tight", "loose", "sliver"])
    h, w = ink.shape
    if kind == "tight" and w >= 10:
        # Only the left or right edge: a contour's box never cuts a stroke, a split between touching
        # digits does. (Cutting the top off a 6 leaves a 0 labelled 6: a candidate trained that way
        # read 8 MNIST test 0s as 6.)
        cut = max(1, int(round(rng.uniform(0.03, 0.08) * w)))
        return ink[:, cut:] if rng.random() < 0.5 else ink[:, :w - cut]
    if kind == "loose":
        margin = max(2, int(0.15 * max(h, w)))
        out = cv2.copyMakeBorder(ink, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=0)
        for _ in range(int(rng.integers(1, 4))):
            x, y = int(rng.integers(out.shape[1])), int(rng.integers(out.shape[0]))
            if not (margin <= x < margin + w and margin <= y < margin + h):
                cv2.circle(out, (x, y), int(rng.integers(0, 2)), 255, -1)
        return out
    if kind == "sliver" and neighbour.size and neighbour.any():
        strip_w = max(1, int(rng.uniform(0.08, 0.2) * w))
        left = rng.random() < 0.5
        strip = neighbour[:, -strip_w:] if left else neighbour[:, :strip_w]  # the neighbour's facing edge
        strip = cv2.resize(strip, (strip.shape[1], h), interpolation=cv2.INTER_NEAREST)
        gap = int(rng.integers(0, 3))
        out = np.zeros((h, w + gap + strip.shape[1]), np.uint8)
        if left:
            out[:, :strip.shape[1]], out[:, strip.shape[1] + gap:] = strip, ink
        else:
            out[:, :w], out[:, w + gap:] = ink, strip
        return out
    return ink


def prepared(ink):
    return normalize_ink(ink_bbox_crop(ink))


def font_digit(label, fonts, rng, small_share=0.0):
    """A printed digit as the segmenter cuts it out; small_share of them fine print (11-20 px of ink),
    whose strokes a pixel of erosion would wipe out, so they are made bolder or thinner by one at most."""
    font = fonts[rng.integers(len(fonts))]
    small = small_share > 0 and rng.random() < small_share
    # Fine print: a pixel of erosion, a blur of 2 px or heavy noise wipes its strokes out; what the
    # segmenter keeps of such a digit is still most of its height.
    size = int(rng.integers(16, 28) if small else rng.integers(28, 96))
    gentle = dict(max_morph=1, max_blur=1.0, max_noise=10.0) if small else {}
    glyph = render_text(str(label), font, size)
    ink = ink_bbox_crop(distort(glyph, rng, **gentle))
    if small and ink.shape[0] < 0.8 * glyph.shape[0]:
        ink = glyph
    neighbour = ink_bbox_crop(distort(render_text(str(rng.integers(10)), font, size), rng, **gentle))
    return prepared(camera_crop(ink, neighbour, rng))


def mnist_ink(img, rng):
    return cv2.resize(img, None, fx=rng.uniform(1.5, 3.0), fy=rng.uniform(1.5, 3.0), interpolation=cv2.INTER_LINEAR)


def slash(fonts, rng):
    """A printed slash, as dates and fractions have. Type's slash is a straight stroke of even width that
    leans well over; it is never sheared or turned towards upright here, where a handwritten 1 stands."""
    ink = render_text("/", fonts[rng.integers(len(fonts))], int(rng.integers(28, 120)))
    return prepared(distort(ink, rng, max_angle=3.0, shear_range=(-0.15, 0.0)))


def negative(fonts, mnist_x, mnist_y, rng, slash_share=0.0):
    if slash_share and rng.random() < slash_share:  # no draw at 0: the default sets stay as they were
        return slash(fonts, rng)
    kind = rng.choice(["letter", "letter", "punctuation", "rule", "box", "fragment", "pair", "texture"])
    if kind == "letter":
        ink = render_text(LETTERS[rng.integers(len(LETTERS))], fonts[rng.integers(len(fonts))], int(rng.integers(28, 96)))
    elif kind == "punctuation":
        ink = render_text(PUNCTUATION[rng.integers(len(PUNCTUATION))], fonts[rng.integers(len(fonts))],
                          int(rng.integers(40, 120)))
    elif kind == "rule":
        # Near-horizontal strokes only: upright and slanted bars are how people write a "1".
        length, thick = int(rng.integers(30, 120)), int(rng.integers(2, 8))
        ink = np.zeros((length + 10, length + 10), np.uint8)
        angle = np.deg2rad(rng.uniform(-20, 20))
        c = (length + 10) / 2
        dx, dy = np.cos(angle) * length / 2, np.sin(angle) * length / 2
        cv2.line(ink, (int(c - dx), int(c - dy)), (int(c + dx), int(c + dy)), 255, thick)
    elif kind == "box":
        # Form boxes and their corners, wider than tall so that no outline passes for a "0".
        w, h, t = int(rng.integers(50, 120)), int(rng.integers(20, 45)), int(rng.integers(2, 6))
        ink = np.zeros((h + 10, w + 10), np.uint8)
        shape = rng.choice(["rect", "corner_tl", "corner_bl", "corner_br"])
        if shape == "rect":
            cv2.rectangle(ink, (5, 5), (w + 4, h + 4), 255, t)
        else:
            x0, x1 = (5, w + 4) if shape != "corner_br" else (w + 4, 5)
            y = 5 if shape == "corner_tl" else h + 4
            cv2.line(ink, (x0, y), (x1, y), 255, t)
            cv2.line(ink, (x0, 5), (x0, h + 4), 255, t)
    elif kind == "fragment":
        # A digit cut across, the way a broken stroke or a smudge leaves it: the top of a 5 or a 7, the
        # bottom of a 2. Not halves cut down the middle: those are upright strokes, and look like a "1".
        while True:
            i = int(rng.integers(len(mnist_x)))
            if mnist_y[i] in (2, 5, 7):
                break
        ink = ink_bbox_crop(np.where(mnist_ink(mnist_x[i], rng) > 100, 255, 0).astype(np.uint8))
        cut = int(ink.shape[0] * rng.uniform(0.35, 0.5))
        ink = ink[ink.shape[0] - cut:] if mnist_y[i] == 2 else ink[:cut]
    elif kind == "pair":
        a, b = (ink_bbox_crop(np.where(mnist_ink(mnist_x[rng.integers(len(mnist_x))], rng) > 100, 255, 0)
                              .astype(np.uint8)) for _ in range(2))
        h = max(a.shape[0], b.shape[0])
        a = cv2.copyMakeBorder(a, 0, h - a.shape[0], 0, 0, cv2.BORDER_CONSTANT, value=0)
        b = cv2.copyMakeBorder(b, 0, h - b.shape[0], 0, 0, cv2.BORDER_CONSTANT, value=0)
        overlap = int(rng.integers(0, 4))
        ink = np.zeros((h, a.shape[1] + b.shape[1] - overlap), np.uint8)
        ink[:, :a.shape[1]] = a
        ink[:, a.shape[1] - overlap:] = np.maximum(ink[:, a.shape[1] - overlap:], b)
    else:
        size = int(rng.integers(24, 80))
        noise = cv2.GaussianBlur(rng.normal(0, 1, (size, size)).astype(np.float32), (0, 0), rng.uniform(1.5, 5))
        ink = np.where(noise > rng.uniform(0.0, 0.3) * noise.std() * 3, 255, 0).astype(np.uint8)
    if not ink.any():
        ink[ink.shape[0] // 2, ink.shape[1] // 2] = 255
    return prepared(distort(ink, rng) if kind in ("letter", "punctuation", "rule", "box") else ink)


def seven_segment_set(n, split, seed):
    """n seven-segment digits of the split's faces (labels 0-9), made as the printed digits are."""
    return make_set(n, 0, seven_segment_fonts(split), None, None, seed)


def slashes(n, fonts, seed):
    """n printed slashes (label 10), for measuring how many a model reads as a digit."""
    rng = np.random.default_rng(seed)
    return np.stack([slash(fonts, rng) for _ in range(n)]) if n else np.zeros((0, 28, 28), np.uint8)


def make_set(n_font_digits, n_negatives, fonts, mnist_x, mnist_y, seed, slash_share=0.0, small_share=0.0):
    """n crops of printed digits (labels 0-9, small_share of them fine print) and n negatives (label 10,
    slash_share of them slashes), shuffled."""
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for i in range(n_font_digits):
        label = i % 10
        xs.append(font_digit(label, fonts, rng, small_share))
        ys.append(label)
    for _ in range(n_negatives):
        xs.append(negative(fonts, mnist_x, mnist_y, rng, slash_share))
        ys.append(REJECT)
    if not xs:
        return np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.int64)
    order = rng.permutation(len(xs))
    return np.stack(xs)[order], np.array(ys, np.int64)[order]
