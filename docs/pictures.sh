#!/bin/sh
# Regenerates the README's screen pictures (docs/*.svg) with the program itself:
# `bptt-lab screenshot` trains headless and draws the dashboard's cell grid as SVG.
# Run from the repository root: `make pictures` (builds first) or `sh docs/pictures.sh`.
# With rsvg-convert installed (apt-get install librsvg2-bin), PNG copies go to $PNG_DIR (default: none).
set -eu
BIN=${BIN:-.build/release/bptt-lab}
OUT=${OUT:-docs}
shot() { name=$1; shift; "$BIN" screenshot "$@" --out "$OUT/$name.svg"; }

# The built-in default: truncated below d (k1=3 k2=2, reach 5 < d 8), stalled at the upper floor ...
shot default-before --updates 4000 --size 120x40
# ... and after k1 is raised to 6 (reach 8 = d): the loss falls to the lower floor.
shot default-after --updates 4000 --then-k1 6 --more 25000 --size 120x40
shot default-after-80x24 --updates 4000 --then-k1 6 --more 25000 --size 80x24
# W's spectral radius ~0.3: errors vanish within a few steps (the heat map's dark left side).
shot vanishing --config configs/vanishing.cfg --updates 20000 --size 120x40
# W's radius 2, SGD, no clipping: errors grow backwards and the loss blows up.
shot exploding --config configs/exploding.cfg --updates 3000 --size 120x40
# A character model of the README.
shot char-text --config configs/char-text.cfg --updates 3000 --size 120x40

if [ -n "${PNG_DIR:-}" ] && command -v rsvg-convert >/dev/null; then
  mkdir -p "$PNG_DIR"
  for f in "$OUT"/*.svg; do rsvg-convert "$f" -o "$PNG_DIR/$(basename "$f" .svg).png"; done
fi
