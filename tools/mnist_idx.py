"""Reads and writes the raw MNIST IDX files (big-endian header, one byte per pixel or label)."""
import os
import struct

import numpy as np


def read_idx(path: str, magic: int) -> np.ndarray:
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: truncated IDX header")
    got_magic, count = struct.unpack(">II", data[:8])
    if got_magic != magic:
        raise ValueError(f"{path}: magic 0x{got_magic:08x}, expected 0x{magic:08x}")
    if magic == 0x803:
        rows, cols = struct.unpack(">II", data[8:16])
        want = 16 + count * rows * cols
        if len(data) != want:
            raise ValueError(f"{path}: {len(data)} bytes, header says {want}")
        return np.frombuffer(data, np.uint8, offset=16).reshape(count, rows, cols)
    if len(data) != 8 + count:
        raise ValueError(f"{path}: {len(data)} bytes, header says {8 + count}")
    return np.frombuffer(data, np.uint8, offset=8)


def load_split(mnist_dir: str, split: str):
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(os.path.join(mnist_dir, f"{prefix}-images-idx3-ubyte"), 0x803)
    labels = read_idx(os.path.join(mnist_dir, f"{prefix}-labels-idx1-ubyte"), 0x801)
    if len(images) != len(labels):
        raise ValueError(f"{mnist_dir}: {len(images)} {split} images but {len(labels)} labels")
    return images, labels


def write_idx(path: str, array: np.ndarray) -> None:
    """Writes uint8 images (N x rows x cols, magic 0x803) or labels (N, magic 0x801)."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = struct.pack(">IIII", 0x803, *array.shape) if array.ndim == 3 else struct.pack(">II", 0x801, len(array))
    with open(path, "wb") as f:
        f.write(header + array.tobytes())
