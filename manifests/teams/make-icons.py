#!/usr/bin/env python3
"""Draws OkrBot's Teams icons: a target with a check mark (an objective, checked in on).

    python3 manifests/teams/make-icons.py

writes, next to this script,
  color.png    192x192, full colour: the glyph in white and green on the accent blue (manifest accentColor)
  outline.png   32x32, white on transparent, as Teams wants for its app bar

Plain Python (no PIL): shapes are distances in a unit square, each pixel averages 4x4 samples (anti-aliased
edges), and the PNG is written by hand (8-bit RGBA, zlib). The output is committed; run this after changing it.
"""
import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = 4

BLUE = (0x2B, 0x6C, 0xB0)   # the manifest's accentColor
WHITE = (0xFF, 0xFF, 0xFF)
GREEN = (0x68, 0xD3, 0x91)


def ring(x, y, cx, cy, radius, width):
    return abs(math.hypot(x - cx, y - cy) - radius) <= width / 2


def disc(x, y, cx, cy, radius):
    return math.hypot(x - cx, y - cy) <= radius


def polyline(x, y, points, width):
    """True within width/2 of the polyline: a stroke with round caps and joins."""
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        if math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= width / 2:
            return True
    return False


CHECK = [(0.36, 0.52), (0.47, 0.63), (0.71, 0.37)]


def color_sample(x, y):
    """The colour at (x, y) in the unit square: rings in white, the check in green with a gap around it."""
    if polyline(x, y, CHECK, 0.085):
        return GREEN
    if polyline(x, y, CHECK, 0.155):
        return BLUE
    if ring(x, y, 0.5, 0.5, 0.31, 0.06) or ring(x, y, 0.5, 0.5, 0.19, 0.06) or disc(x, y, 0.5, 0.5, 0.065):
        return WHITE
    return BLUE


def outline_sample(x, y):
    """Coverage at (x, y): one ring and the check; at 32 pixels a second ring would blur into the first."""
    return ring(x, y, 0.5, 0.5, 0.40, 0.10) or polyline(x, y, [(0.30, 0.52), (0.45, 0.66), (0.72, 0.36)], 0.12)


def render(size, pixel):
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            row += pixel(px, py, size)
        rows.append(bytes(row))
    return rows


def color_pixel(px, py, size):
    total = [0, 0, 0]
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            r, g, b = color_sample((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size)
            total[0] += r
            total[1] += g
            total[2] += b
    n = SAMPLES * SAMPLES
    return bytes([round(c / n) for c in total] + [255])


def outline_pixel(px, py, size):
    covered = sum(
        outline_sample((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size)
        for sy in range(SAMPLES) for sx in range(SAMPLES))
    # White everywhere; only the alpha varies, so the icon is white on transparent and nothing else.
    return bytes([255, 255, 255, round(255 * covered / (SAMPLES * SAMPLES))])


def png(size, rows):
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    raw = b''.join(b'\x00' + row for row in rows)                # filter type 0 (None) on every row
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')


def main():
    for name, size, pixel in (('color.png', 192, color_pixel), ('outline.png', 32, outline_pixel)):
        path = os.path.join(HERE, name)
        with open(path, 'wb') as f:
            f.write(png(size, render(size, pixel)))
        print(f'wrote {path} ({size}x{size})')


if __name__ == '__main__':
    main()
