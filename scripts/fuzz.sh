#!/usr/bin/env bash
# A longer fuzzing campaign than the test suite's (test/fuzz/fuzz.test.ts): mutants of the
# repository's own specs through load → check → gen, and a strict tsc over a sample of the outputs.
#
#   scripts/fuzz.sh [count] [first-seed] [tsc-every]      (defaults: 5000 1 4)
#
# FUZZ_VERBOSE=1 lists every failing seed; FUZZ_KEEP=1 keeps test/.out/fuzz/run-<pid>/ for a look.
# A failing seed is reproduced with FUZZ_SPECS=1 FUZZ_SEED=<seed>.
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_SPECS="${1:-5000}" FUZZ_SEED="${2:-1}" FUZZ_TSC_EVERY="${3:-4}"
exec pnpm exec vitest run test/fuzz/fuzz.test.ts --testTimeout=0
