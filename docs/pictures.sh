#!/bin/sh
# Regenerates the README's screen pictures (docs/*.svg) with the program itself:
# `bptt-lab screenshot` trains headless and draws the dashboard's cell grid as SVG.
# Run from the repository root: `make pictures` (builds first) or `sh docs/pictures.sh`.
# With rsvg-convert installed (apt-get install librsvg2-bin), PNG copies go to $PNG_DIR (default: none).
set -eu
BIN=${BIN:-.build/release/bptt-lab}
OUT=${OUT:-docs}
shot() { name=$1; shift; "$BIN" screenshot "$@" --out "$OUT/$name.svg"; }

# The built-in default: d = 20, truncated below it (k1=3 k2=2, reach 5): the recall loss stays at ln K ...
shot default-before --updates 100000 --size 120x40
# ... and after k1 is raised to 20 (reach 22 >= d): the recall loss falls to 0 and stays there (W's
# largest singular value held at 2.5 keeps the learned key; see docs/default-language.md).
shot default-after --updates 100000 --then-k1 20 --more 60000 --size 120x40
shot default-after-80x24 --updates 100000 --then-k1 20 --more 60000 --size 80x24
# Two runs: after 30k updates of the default, run B (truncation off, the same seed) trains 30k updates
# beside it: A's recall stays at ln K, B's falls to 0 (the dashboard's b, then "off").
shot compare-off --updates 30000 --then-compare off --more 30000 --size 120x40
# W's largest singular value held at 0.5: errors shrink at least 2x per step back (dark left side).
shot vanishing --config configs/vanishing.cfg --updates 20000 --size 120x40
# The same task with an LSTM (configs/lstm-vs-vanishing.cfg: vanishing.cfg with cell = lstm; the norm
# cap binds Elman only): the recall loss falls to 0 within a few thousand updates, where Elman's stays at ln K.
shot lstm-vs-vanishing --config configs/lstm-vs-vanishing.cfg --updates 20000 --size 120x40
# W radius 2.5, reach 48: errors grow ~4.5 decades going back, every update clipped, key not learned.
shot exploding --config configs/exploding.cfg --updates 20000 --size 120x40
# A character model of the README.
shot char-text --config configs/char-text.cfg --updates 3000 --size 120x40

if [ -n "${PNG_DIR:-}" ] && command -v rsvg-convert >/dev/null; then
  mkdir -p "$PNG_DIR"
  for f in "$OUT"/*.svg; do rsvg-convert "$f" -o "$PNG_DIR/$(basename "$f" .svg).png"; done
fi
