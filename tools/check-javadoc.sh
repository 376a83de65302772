#!/usr/bin/env bash
# Runs javadoc with -Xdoclint:all over the public modules and fails on any warning or error except the
# "using incubating module(s)" notice that every JDK prints for jdk.incubator.vector.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javadoc --add-modules jdk.incubator.vector -Xdoclint:all -Xmaxwarns 10000 -quiet -d "$out/api" \
  --module-source-path 'org.softmaxsimd=core/src/main/java' --module org.softmaxsimd > "$out/log" 2>&1 || true
problems=$(grep -E 'warning|error' "$out/log" | grep -v 'using incubating module' | grep -vE '^[0-9]+ warnings?$' || true)
if [ -n "$problems" ]; then
  echo "javadoc -Xdoclint:all is not clean:"
  echo "$problems"
  exit 1
fi
echo "javadoc -Xdoclint:all: clean ($(find "$out/api" -name '*.html' | wc -l) pages)"
