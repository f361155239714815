#!/bin/bash
# One sitting of docs/word-level.md's comparison: configs/word-classes.cfg on data/kjv.txt beside
# faster-rnnlm (and, with --rnnlm, rnnlm 0.4b: 7 more minutes), then alternated short runs for the
# ratios a noisy host cannot give from one run of each (2 threads against 1; ours against
# faster-rnnlm, one thread each). Prints a summary; every tool's own output stays in OUT.
#
#   sh bench/kjv_text.sh && bash ../shared/anchors/build.sh /tmp/anchors-bin && make build
#   bash bench/word_sitting.sh [--rnnlm] [--pairs N] [--anchors DIR] [--out DIR]
#
# Run it alone on the machine: every figure is a wall-clock rate.
set -euo pipefail
cd "$(dirname "$0")/.."
anchors=/tmp/anchors-bin out=$(mktemp -d /tmp/word-sitting.XXXX) pairs=5 with_rnnlm=0
while [ $# -gt 0 ]; do
    case $1 in
        --rnnlm) with_rnnlm=1 ;;
        --pairs) pairs=$2; shift ;;
        --anchors) anchors=$2; shift ;;
        --out) out=$2; shift ;;
        *) echo "word_sitting.sh: unknown argument $1 (see the header for the options)" >&2; exit 2 ;;
    esac
    shift
done
bin=.build/release/bptt-lab
for need in "$bin" data/kjv.txt "$anchors/faster-rnnlm"; do
    [ -e "$need" ] || { echo "word_sitting.sh: $need is missing (see the header for how to make it)" >&2; exit 2; }
done
[ $with_rnnlm = 0 ] || [ -e "$anchors/rnnlm" ] || { echo "word_sitting.sh: $anchors/rnnlm is missing" >&2; exit 2; }
mkdir -p "$out/kjv"
config=(--config configs/word-classes.cfg --corpus data/kjv.txt)
"$bin" corpus "${config[@]}" --out "$out/kjv" > "$out/corpus.txt"

# Median of bptt-lab's interval records (the first one, which includes the warm-up, left out when
# there are more), or of faster-rnnlm's progress lines.
ours_rate() {
    python3 - "$1" <<'PY'
import json, statistics, sys
rates = [r["tokens_per_s"] for r in map(json.loads, open(sys.argv[1])) if r.get("type") == "interval"]
rates = rates[1:] if len(rates) > 2 else rates
print(round(statistics.median(rates)))
PY
}
theirs_rate() { tr '\r' '\n' < "$1" | grep -oE '[0-9.]+ Kwords/sec' | awk '{print $1 * 1000}' | sort -n |
                awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
test_ppl() { grep '"final"' "$1" | grep -oE 'test_ppl=[0-9.]+' | cut -d= -f2 | xargs printf '%.2f'; }

echo "sitting $(date +%F\ %H:%M) -> $out"
for threads in 1 2; do
    "$bin" train "${config[@]}" --threads $threads --metrics "$out/train$threads.jsonl" --quiet > "$out/train$threads.out"
done
"$bin" bench --only train --no-numpy "${config[@]}" > "$out/bench.out"
# faster-rnnlm trained into model file $1 (a fresh one: it would go on from an existing file).
frm_train() {
    rm -f "$1" "$1".*
    "$anchors/faster-rnnlm" -rnnlm "$1" -train "$out/kjv/train.txt" -valid "$out/kjv/valid.txt" \
        -hidden 100 -hidden-type tanh -bptt 4 -bptt-skip 10 -threads 1
}
frm_train "$out/model-frm" > "$out/frm.out" 2>&1
"$anchors/faster-rnnlm" -rnnlm "$out/model-frm" -test "$out/kjv/test.txt" > "$out/frm-test.out" 2>&1
if [ $with_rnnlm = 1 ]; then
    rm -f "$out/model-rnnlm" "$out/model-rnnlm".*
    "$anchors/rnnlm" -train "$out/kjv/train.txt" -valid "$out/kjv/valid.txt" -rnnlm "$out/model-rnnlm" -hidden 100 \
        -class 100 -bptt 4 -bptt-block 10 -rand-seed 1 > "$out/rnnlm.out" 2>&1
    "$anchors/rnnlm" -rnnlm "$out/model-rnnlm" -test "$out/kjv/test.txt" > "$out/rnnlm-test.out" 2>&1
fi

# The config's row of table 2: "B H V T kjv.t cell C cl threads tokens/s ...".
bench_rate() { awk -v t="$1" '$5 == "kjv.t" && $9 == t {print $10}' "$out/bench.out"; }
frm_entropy=$(grep -oE 'Test entropy [0-9.]+' "$out/frm-test.out" | awk '{print $3}')
printf '\n%-34s %12s %12s %12s\n' "full runs" "test ppl" "words/s" "bench"
printf '%-34s %12s %12s %12s\n' "bptt-lab, 1 thread" "$(test_ppl "$out/train1.jsonl")" "$(ours_rate "$out/train1.jsonl")" "$(bench_rate 1)"
printf '%-34s %12s %12s %12s\n' "bptt-lab, 2 threads" "$(test_ppl "$out/train2.jsonl")" "$(ours_rate "$out/train2.jsonl")" "$(bench_rate 2)"
printf '%-34s %12s %12s\n' "faster-rnnlm, 1 thread" "$(python3 -c "print(round(2 ** $frm_entropy, 2))")" "$(theirs_rate "$out/frm.out")"
if [ $with_rnnlm = 1 ]; then
    rnnlm_rate=$(grep -oE 'Words/sec: *[0-9.]+' "$out/rnnlm.out" | awk '{print $2}' | sort -n |
                 awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
    printf '%-34s %12s %12s\n' "rnnlm 0.4b, 1 thread" "$(grep -oE 'PPL net: [0-9.]+' "$out/rnnlm-test.out" | awk '{print $3}')" "$rnnlm_rate"
fi

# Alternated short runs: a pair's two rates come from the same minute.
printf '\n%-6s %10s %10s %8s %14s %8s\n' "pair" "1 thread" "2 threads" "ratio" "faster-rnnlm" "ours/it"
for pair in $(seq 1 "$pairs"); do
    one=$out/pair$pair-1.jsonl two=$out/pair$pair-2.jsonl
    "$bin" train "${config[@]}" --threads 1 --steps 800 --metrics "$one" --quiet > /dev/null
    "$bin" train "${config[@]}" --threads 2 --steps 1200 --metrics "$two" --quiet > /dev/null
    # faster-rnnlm's first ~8 s (its rate is its own progress line).
    timeout 9 bash -c "$(declare -f frm_train); anchors='$anchors' out='$out' frm_train '$out/model-frm-pair'" \
        > "$out/pair$pair-frm.out" 2>&1 || true
    a=$(ours_rate "$one") b=$(ours_rate "$two") c=$(theirs_rate "$out/pair$pair-frm.out")
    printf '%-6s %10s %10s %8s %14s %8s\n' "$pair" "$a" "$b" "$(python3 -c "print(f'{$b / $a:.2f}')")" "$c" \
        "$(python3 -c "print(f'{$a / $c:.2f}')")"
done
