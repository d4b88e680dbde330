#!/usr/bin/env bash
# Coverage-guided fuzzing of Romp.Runtime with SharpFuzz 2.3.0 and AFL++ (Debian's afl++ package):
#   tests/Romp.Fuzz.Afl/run-afl.sh [frames|session] [SECONDS]
# Publishes the harness, instruments Romp.Runtime.dll, writes the recorded conversations as seeds, and runs afl-fuzz for
# SECONDS (default 300). Findings land in artifacts/afl/<target>/default/crashes. The published copy is instrumented
# and only runs under afl-fuzz; replay a crash with an uninstrumented build:
#   dotnet run -c Release --project tests/Romp.Fuzz.Afl -- <target> artifacts/afl/<target>/default/crashes/id:*
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${1:-frames}"
seconds="${2:-300}"
out="artifacts/afl/$target"

if ! command -v afl-fuzz >/dev/null 2>&1; then
    echo "error: afl-fuzz is not installed (Debian: apt-get install afl++)" >&2
    exit 1
fi
tools="artifacts/afl/tools"
if [ ! -x "$tools/sharpfuzz" ]; then
    dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0
fi

dotnet publish tests/Romp.Fuzz.Afl -c Release -o "$out/bin" --nologo -v quiet
# Seeds first: instrumented code writes to AFL's shared memory, so it only runs under afl-fuzz (or Fuzzer.Run).
rm -rf "$out/seeds" && dotnet "$out/bin/Romp.Fuzz.Afl.dll" seeds "$out/seeds"
# Only the runtime is instrumented: its branches are what coverage should steer towards, not the fuzzer's own.
"$tools/sharpfuzz" "$out/bin/Romp.Runtime.dll"

# AFL_SKIP_BIN_CHECK: the target is `dotnet`, not an AFL-compiled binary; SharpFuzz speaks AFL's fork server protocol.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
resume="-i $out/seeds"
[ -d "$out/default/queue" ] && resume="-i -"
afl-fuzz $resume -o "$out" -t 10000 -m none -V "$seconds" -- dotnet "$out/bin/Romp.Fuzz.Afl.dll" "$target"
grep -E "^(execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg|stability)" "$out/default/fuzzer_stats"
