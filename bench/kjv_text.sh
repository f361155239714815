#!/bin/sh
# Writes data/kjv.txt: the King James Bible as a word-level corpus (~0.9M words, one verse per line,
# lower case, punctuation split off as words: "in the beginning god created the heaven and the earth .").
# The text comes from Debian's bible-kjv-text package through its `bible` reader (installed here when
# missing, as root or through sudo); nothing is downloaded at run time. The result stays out of git.
set -eu
cd "$(dirname "$0")/.."
out=${1:-data/kjv.txt}
if ! command -v bible >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq bible-kjv bible-kjv-text >/dev/null
fi
mkdir -p "$(dirname "$out")"
# Verse lines read "  12 text" (indented); chapter headings ("1 Samuel 3") and blank lines are dropped.
bible -l100000 gen1:1-rev22:21 </dev/null \
    | awk '/^ +[0-9]+ /{ sub(/^ +[0-9]+ /, ""); print }' \
    | tr 'A-Z' 'a-z' \
    | sed -e 's/\([][,.;:?!()]\)/ \1 /g' -e 's/  */ /g' -e 's/^ //' -e 's/ $//' > "$out.tmp"
mv "$out.tmp" "$out"
echo "$out: $(wc -l < "$out") lines, $(wc -w < "$out") words"
