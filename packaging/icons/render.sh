#!/usr/bin/env bash
# Renders the hicolor PNGs from spaces-desktop.svg (Debian: librsvg2-bin). The PNGs are
# committed so that a build needs no SVG renderer; run this after editing the SVG.
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 22 24 32 48 64 128 256; do
    rsvg-convert --width "$size" --height "$size" spaces-desktop.svg -o "spaces-desktop-$size.png"
done
