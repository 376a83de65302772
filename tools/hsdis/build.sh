#!/usr/bin/env bash
# Builds hsdis-amd64.so (tools/hsdis/hsdis.cpp) against the LLVM 14 development files (apt: llvm-14-dev).
# Use: LD_LIBRARY_PATH=<out dir> java -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,<class>::<method> ...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/target}
llvm=${LLVM_DIR:-/usr/lib/llvm-14}
mkdir -p "$out"
g++ -O2 -shared -fPIC -I"$llvm/include" "$here/hsdis.cpp" -L"$llvm/lib" -lLLVM-14 -Wl,-rpath,"$llvm/lib" \
    -o "$out/hsdis-amd64.so"
echo "$out/hsdis-amd64.so"
