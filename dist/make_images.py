#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Draws the shipped house style's neutral logo and the test signature.

  python3 dist/make_images.py

Writes input/templates/logo.png (the default letterhead mark: a square in
the accent colour with three white bars of falling length, like lines of a
letter; our own design, no organisation's logo) and
tests/fixtures/huisstijl/handtekening.png (a pen stroke, for the signature
test). Plain Python (zlib, struct), no imaging library; the same bytes on
every run. Opaque RGB and grey: no transparency to flatten for PDF/A.
"""
import math, struct, zlib
from pathlib import Path

def png(path, width, height, rows, colour_type):
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(data)

def logo(path, size=240, accent=(0x00, 0x45, 0x7A)):
    rows = []
    r = size * 0.12  # corner radius
    bars = [(0.30, 0.78), (0.47, 0.66), (0.64, 0.50)]  # (centre y, length) as fractions
    for y in range(size):
        row = []
        for x in range(size):
            # rounded square: distance to the inner rectangle
            dx = max(r - x - 0.5, 0, x + 0.5 - (size - r))
            dy = max(r - y - 0.5, 0, y + 0.5 - (size - r))
            inside = dx * dx + dy * dy <= r * r
            pix = accent if inside else (255, 255, 255)
            for cy, length in bars:
                if abs(y + 0.5 - cy * size) <= size * 0.05 and size * 0.2 <= x + 0.5 <= size * (0.2 + length * 0.75):
                    pix = (255, 255, 255)
            row.extend(pix)
        rows.append(row)
    png(path, size, size, rows, 2)

def signature(path, width=360, height=80):
    ink = [[255] * width for _ in range(height)]
    for i in range(4000):
        t = i / 4000
        x = 20 + t * 320
        y = 40 + 22 * math.sin(t * 9.5) * math.exp(-t * 1.2) + 8 * math.sin(t * 31)
        for ox in range(-2, 3):
            for oy in range(-2, 3):
                if ox * ox + oy * oy <= 4:
                    xi, yi = int(x) + ox, int(y) + oy
                    if 0 <= xi < width and 0 <= yi < height:
                        ink[yi][xi] = 30
    png(path, width, height, ink, 0)

if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    logo(root / "input/templates/logo.png")
    signature(root / "tests/fixtures/huisstijl/handtekening.png")
