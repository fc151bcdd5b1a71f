#!/usr/bin/env bash
# Fuzz the rule parser and the label decoder + renderer for minutes, without a panic.
#   bash scripts/bench/fuzz.sh [SECONDS_PER_TARGET]   (default 120)
# With a nightly toolchain and cargo-fuzz (cargo install cargo-fuzz), runs the libFuzzer targets
# in fuzz/ over the kept corpus (fuzz/corpus/*, new finds are added there); otherwise runs the
# same harness on stable through proptest (RDC_FUZZ_CASES).
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-120}
if rustup toolchain list 2>/dev/null | grep -q nightly && command -v cargo-fuzz >/dev/null; then
    for target in rules labels_render; do
        echo "== cargo fuzz: $target, ${secs}s"
        cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
            -max_total_time="$secs" -max_len=4096 -print_final_stats=1 2>&1 \
            | grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done|ERROR|panicked" || true
    done
else
    cases=$((secs * 5000))
    echo "== stable harness: $cases cases"
    RDC_FUZZ_CASES=$cases cargo test --release --lib fuzz_harness -- --nocapture
fi
