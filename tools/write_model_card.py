#!/usr/bin/python3
"""Writes the measured parts of the model card (docs/model.md) from what `make train` measured:

  /usr/bin/python3 tools/write_model_card.py --model models/digits.onnx --report models/digits.train.json \\
      --mnist-eval mnist.txt --live-eval live.txt --crops-eval crops.txt --seven-segment-eval seven.txt \\
      --bench bench.json --card docs/model.md

mnist.txt / live.txt / crops.txt / seven.txt are the outputs of `digits eval-mnist`, `digits eval-mnist
--live-path` and `digits eval-crops` (on the held-out printed digits and negatives, and on the held-out
seven-segment digits); bench.json is `bench_stages --benchmark_filter=BM_Classify/
--benchmark_format=json`. Each measured block of the card sits between `<!-- measured: NAME -->` and
`<!-- end: NAME -->` and is replaced whole; the prose around the blocks is left as written. A block the
card lacks is an error, so a figure can never silently stop being updated.
"""
import argparse
import hashlib
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import ARCHS  # noqa: E402


def key_values(text: str) -> dict:
    """The evaluators' last line: key=value pairs."""
    last = [line for line in text.splitlines() if "=" in line][-1]
    return dict(pair.split("=", 1) for pair in last.split())


def mnist_eval(path: str) -> dict:
    text = open(path).read()
    per_class = {int(m[1]): float(m[3]) for m in re.finditer(r"^(\d)\s+(\d+)\s+([01]\.\d+)$", text, re.M)}
    rows = re.findall(r"^\s+(\d)((?:\s+\d+){10,11})$", text, re.M)
    confusion = {int(t): [int(v) for v in cells.split()] for t, cells in rows}
    return {"summary": key_values(text), "per_class": per_class, "confusion": confusion}


def pct(x: float, digits: int = 2) -> str:
    return f"{100 * float(x):.{digits}f} %"


def architecture_lines(arch: str, classes: int) -> list:
    stages, hidden = ARCHS[arch]
    side, cin, lines = 28, 1, []
    for cout, convs, down, *first_kernel in stages:
        kernel = lambda i: first_kernel[0] if first_kernel and i == 0 else 3  # noqa: E731
        convs_text = [f"[conv{kernel(i)}x{kernel(i)}{' stride 2' if down == 'stride' and i == 0 else ''} {cout}, BN, ReLU]"
                      for i in range(convs)]
        layer = " → ".join(convs_text)
        if down == "pool":
            layer += " → maxpool 2"
        if down:
            side //= 2
        lines.append(f"{layer:<58} → {side}x{side}x{cout}")
        cin = cout
    lines.append(f"dropout 0.3 → linear {cin * side * side}→{hidden}, BN, ReLU → dropout 0.3 → linear {hidden}→{classes}"
                 " → softmax")
    return ["28x28x1 → " + lines[0]] + ["        → " + line for line in lines[1:]]


def blocks(args) -> dict:
    report = json.load(open(args.report))
    mnist, live = mnist_eval(args.mnist_eval), mnist_eval(args.live_eval)
    crops = key_values(open(args.crops_eval).read())
    seven = key_values(open(args.seven_segment_eval).read())
    bench = json.load(open(args.bench))
    data = open(args.model, "rb").read()
    sha = hashlib.sha256(data).hexdigest()
    classes = 11 if "not a digit" in report["classes"] else 10
    speed = {int(b["name"].split("/")[1]): b["items_per_second"] for b in bench["benchmarks"]
             if b["name"].startswith("BM_Classify/") and b.get("run_type", "iteration") == "iteration"}
    acc = float(mnist["summary"]["accuracy"])
    n = int(mnist["summary"]["n"])
    cal = report.get("reject_calibration")
    out = {}

    out["summary"] = "\n".join([
        "| | |", "| --- | --- |",
        f"| file | `models/{report['model']}` (ONNX opset 11, dynamic batch axis), {len(data):,} bytes |",
        f"| sha256 | `{sha}` |",
        "| task | one handwritten or printed digit per crop → " +
        ("11 class probabilities: 0–9 and 10 = \"not a digit\" |" if classes == 11 else "10 class probabilities (0–9) |"),
        "| input | `input`: N × 1 × 28 × 28 float32, ink = 1.0 on background 0.0 |",
        f"| output | `probs`: N × {classes}, softmax probabilities (the softmax is part of the graph) |",
        f"| made by | `make train`: `tools/train.py` with its defaults (Debian's python3-torch {report['torch'].split('+')[0]}, "
        "CPU), then the evaluators below |",
        "| report | `models/digits.train.json` (per-epoch loss, accuracy, time, calibration, held-out figures) |",
    ])

    confusions = sorted(((mnist["confusion"][t][p], t, p) for t in mnist["confusion"]
                         for p in range(len(mnist["confusion"][t])) if p != t and mnist["confusion"][t][p]),
                        reverse=True)[:3]
    name = lambda p: "not a digit" if p == 10 else str(p)  # noqa: E731
    rejected = sum(row[10] for row in mnist["confusion"].values() if len(row) > 10)
    lines = [
        "| measurement | accuracy | command |", "| --- | --- | --- |",
        f"| MNIST test images as shipped | **{pct(acc)}** ({round((1 - acc) * n)} errors of {n:,}) | "
        "`build/apps/digits eval-mnist ~/.cache/digitcam/mnist` |",
        f"| the same digits through the live path (enlarged 3×, binarized, cropped, normalized by `normalizeDigit`) | "
        f"**{pct(live['summary']['accuracy'])}** | `build/apps/digits eval-mnist ~/.cache/digitcam/mnist --live-path` |",
        f"| PyTorch, after the last epoch (before calibration, for comparison) | {pct(report['torch_mnist_test_accuracy'])} | "
        "`tools/train.py` log |",
        "",
        "Per class (C++): " + ", ".join(f"{c}: {pct(a)}" for c, a in sorted(mnist["per_class"].items())) + ". ",
    ]
    if classes == 11:
        lines[-1] += f"Test digits called \"not a digit\": {rejected} of {n:,} (counted as errors above). "
    lines[-1] += ("The commonest errors: " + ", ".join(f"{t}→{name(p)} ({c})" for c, t, p in confusions) +
                  "; the full matrix is in [confusion.png](confusion.png) (`--plot`).")
    if cal:
        lines += ["", f"Reject calibration (on validation data, never the test set): the \"not a digit\" logit was shifted by "
                  f"{cal['logit_shift']:+.1f}, the least that brings the validation digits called \"not a digit\" to at most "
                  f"{pct(cal['max_val_reject'], 1)} (from {pct(cal['val_digits_rejected_before'])} to "
                  f"{pct(cal['val_digits_rejected'])} of {cal['n_val_digits']:,}: {report['validation_mnist']:,} MNIST training digits held back, "
                  f"the same through the live path, printed digits of the training fonts); validation negatives taken "
                  f"for a digit went from {pct(cal['val_negatives_argmax_digit_before'])} to "
                  f"{pct(cal['val_negatives_argmax_digit'])}."]
    out["accuracy"] = "\n".join(lines)

    out["held-out"] = "\n".join([
        "| held-out crops (`digits eval-crops`) | value |", "| --- | --- |",
        f"| printed digits of held-out fonts read correctly (best class) | {pct(crops['digits_correct'])} |",
        f"| printed digits not reported (called \"not a digit\" or below {float(crops['min_confidence']):.2f}) | "
        f"{pct(crops['digits_not_reported'])} |",
        f"| printed digits reported as the wrong digit | {pct(crops['digits_reported_wrong'])} |",
        f"| negatives reported as a digit | **{pct(crops['negatives_reported'])}** |",
        f"| crops | {int(crops['n_digits']):,} digits, {int(crops['n_negatives']):,} negatives |",
        f"| seven-segment digits of held-out faces (DSEG7 Modern, Classic Mini) read correctly (best class) | "
        f"{pct(seven['digits_correct'])} |",
        f"| seven-segment digits not reported | {pct(seven['digits_not_reported'])} |",
        f"| seven-segment digits reported as the wrong digit | {pct(seven['digits_reported_wrong'])} |",
        f"| seven-segment crops | {int(seven['n_digits']):,} digits |",
    ])

    speed_line = ", ".join(f"{speed[b]:,.0f} at batch {b}" for b in sorted(speed))
    out["architecture"] = "\n".join(
        [f"`{report['architecture']}`:", "", "```"] + architecture_lines(report["architecture"], classes) + ["```", "",
         f"{report['parameters']:,} parameters, {report['macs'] / 1e6:.2f} M multiply-accumulates per crop. "
         f"Crops per second through `CnnClassifier` (Google Benchmark `bench_stages`, one run, this machine): {speed_line}."])

    epochs = report["history"]
    out["training"] = "\n".join([
        f"- Data: {report['train_mnist']:,} MNIST training images"
        + (f" (another {report['validation_mnist']:,} held back for validation)" if report.get("validation_mnist") else "")
        + ", "
        f"{report['train_font_digits']:,} printed digits rendered from {len(report['train_fonts'])} training fonts"
        + (f", {report['train_seven_segment_digits']:,} seven-segment digits rendered from "
           f"{len(report['train_seven_segment_fonts'])} DSEG7 Classic faces (a meter's display)"
           if report.get("train_seven_segment_digits") else "")
        + (f", {report['train_negatives']:,} \"not a digit\" crops" if classes == 11 else "")
        + (f", and {report['scene_digits']:,} digit crops and {report['scene_negatives']:,} \"not a digit\" crops that cam's "
           f"segmenter cut out of generated training scenes (`digits harvest`"
           + (f"; \"not a digit\" crops of the places {', '.join(report['scene_negative_places'])} only"
              if isinstance(report.get("scene_negative_places"), list) else "")
           + ")" if report.get("scene_crops") else "") + ".",
        f"- {report['epochs']} epoch{'s' if report['epochs'] > 1 else ''}"
        + (f" (the last {report['easy_epochs']} with the distortion halved)" if report.get("easy_epochs") else "")
        + f", batch {report['batch']}, seed {report['seed']}, {report['threads']} thread{'s' if report['threads'] > 1 else ''}: "
        f"{report['train_seconds']:.0f} s on this machine ({min(e['seconds'] for e in epochs):.0f}–"
        f"{max(e['seconds'] for e in epochs):.0f} s per epoch)."
        + (f" The exported weights are an exponential moving average of the trained ones (decay {report['ema']} per "
           "step; batch-norm statistics averaged too)." if report.get("ema") else ""),
        f"- MNIST test accuracy (PyTorch) after each epoch, for the log only: " +
        ", ".join(f"{100 * e['mnist_test_accuracy']:.2f}" for e in epochs) + ".",
    ])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for flag in ("--model", "--report", "--mnist-eval", "--live-eval", "--crops-eval", "--seven-segment-eval", "--bench",
                 "--card"):
        ap.add_argument(flag, required=True)
    args = ap.parse_args()
    card = open(args.card).read()
    for name, text in blocks(args).items():
        pattern = re.compile(rf"(<!-- measured: {re.escape(name)} -->\n).*?(<!-- end: {re.escape(name)} -->)", re.S)
        if not pattern.search(card):
            raise SystemExit(f"write_model_card: {args.card} has no block '{name}' "
                             f"(<!-- measured: {name} --> ... <!-- end: {name} -->)")
        card = pattern.sub(lambda m: m.group(1) + text + "\n" + m.group(2), card)
    with open(args.card, "w") as f:
        f.write(card)
    print(f"updated {args.card}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
