#!/usr/bin/env bash
# Generates the large corpora of BENCHMARKS.md "Scale" (never committed: bench/out/ is ignored).
#
#   bench/make-corpus.sh ITEMS OUT [NAMES_TXT]     ITEMS items of about 10 characters, a-z
#   bench/make-corpus.sh --cjk ITEMS OUT           ITEMS items over 14,187 distinct CJK characters
#
# ITEMS accepts a k or M suffix (1M = 1,000,000). The names corpus: each item is a name of NAMES_TXT
# (default ../shared/datasets/names.txt, makemore's names) with fragments of other names appended
# until it has at least 9 characters, cut at 15: about 10 characters, the same alphabet. The CJK
# corpus: items of 2 to 20 characters drawn from the 14,187 code points U+4E00..U+7B5A, the first
# items holding every one of them (so the vocabulary is 14,188 with the boundary). Both are
# deterministic (a fixed seed): the same command writes the same bytes.
set -euo pipefail
cjk=false
if [ "${1:-}" = "--cjk" ]; then cjk=true; shift; fi
[ $# -ge 2 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
count=$1
case "$count" in
  *M) count=$(( ${count%M} * 1000000 )) ;;
  *k) count=$(( ${count%k} * 1000 )) ;;
esac
out=$2
mkdir -p "$(dirname "$out")"
if $cjk; then
  python3 - "$count" "$out" <<'PY'
import random, sys
n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(13)
chars = [chr(0x4E00 + i) for i in range(14187)]
pending = list(chars)          # every character appears at least once, in the first items
with open(out, "w", encoding="utf-8") as f:
    for _ in range(n):
        length = rnd.randint(2, 20)
        item = [pending.pop() for _ in range(min(length, len(pending)))]
        item += [rnd.choice(chars) for _ in range(length - len(item))]
        f.write("".join(item) + "\n")
if pending:
    sys.exit(f"error: {n} items are too few to hold all {len(chars)} characters")
PY
else
  names=${3:-../shared/datasets/names.txt}
  [ -f "$names" ] || { echo "error: names file $names not found" >&2; exit 2; }
  LC_ALL=C awk -v n="$count" 'BEGIN { srand(42) }
    { if (length($0) > 0) name[m++] = $0 }
    END {
      for (i = 0; i < n; i++) {
        item = name[int(rand() * m)]
        while (length(item) < 9) {
          other = name[int(rand() * m)]
          start = 1 + int(rand() * length(other))
          item = item substr(other, start, 2 + int(rand() * 3))
        }
        print substr(item, 1, 15)
      }
    }' "$names" > "$out"
fi
echo "$out: $(wc -l < "$out") items, $(wc -c < "$out") bytes" >&2
