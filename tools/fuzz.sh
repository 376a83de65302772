#!/usr/bin/env bash
# Fuzzes every Jazzer target for its @FuzzTest(maxDuration) (10 minutes each), one after the other, and prints
# per target the executions, the coverage and the findings (crash inputs land in the target's Inputs folder
# under src/test/resources, where every later build runs them). Logs: target/fuzz/<target>.log.
# Usage: tools/fuzz.sh [TARGET ...]   (default: all), after ./mvnw -B -q install -DskipTests
set -uo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(core:ParserFuzzTest#readImages core:ParserFuzzTest#readImagesGzip core:ParserFuzzTest#readLabels
           core:ParserFuzzTest#readLabelsGzip core:ParserFuzzTest#loadModel core:ParserFuzzTest#loadMnistDirectory
           core:ParserFuzzTest#readLibsvm core:ParserFuzzTest#readCsv
           cli:CliArgumentsFuzzTest#parseAndRun)
fi
mkdir -p target/fuzz
status=0
for entry in "${targets[@]}"; do
  module=${entry%%:*}
  test=${entry#*:}
  log="target/fuzz/${test//#/-}.log"
  ./mvnw -B -ntp -o -pl "$module" -Pfuzz test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false > "$log" 2>&1
  rc=$?
  done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1)
  stats=$(grep -E '^#[0-9]+' "$log" | tail -1)
  finding=$(grep -m1 -E 'Test unit written to' "$log" || true)
  echo "$test: ${done_line:-no libFuzzer summary} | last: ${stats:-none} | ${finding:-no finding} (exit $rc)"
  [ $rc -ne 0 ] && status=1
done
exit $status
