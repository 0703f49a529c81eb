#!/usr/bin/env bash
# Builds vpt's fuzz targets (fuzz/fuzz_*.cpp) with clang 14, libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer, runs each for SECONDS
# (default 30) and prints, per target, the runs executed, the corpus size
# and the crashes. Exits non-zero when any target crashed, broke one of its
# properties, hung or ran out of memory.
#
#   fuzz/run.sh [SECONDS [TARGET...]]      e.g. fuzz/run.sh 600 fuzz_journal
#
#   VPT_FUZZ_BUILD_DIR  build directory (default build-fuzz/)
#   VPT_FUZZ_CORPUS     kept between runs (default /var/tmp/vpt-fuzz): TARGET/ holds the
#                       inputs each target found, crashes/TARGET/ the ones that failed it
#   VPT_FUZZ_JOBS       targets run at once (default: one per core)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
shift || true
build=${VPT_FUZZ_BUILD_DIR:-$top/build-fuzz}
corpus_root=${VPT_FUZZ_CORPUS:-/var/tmp/vpt-fuzz}
jobs=${VPT_FUZZ_JOBS:-$(nproc)}

if [ $# -gt 0 ]; then
    targets=("$@")
    build_targets=("$@")
else
    targets=()
    for source in "$top"/fuzz/fuzz_*.cpp; do targets+=("$(basename "$source" .cpp)"); done
    build_targets=(vpt_fuzzers)
fi

"$top/scripts/install-deps.sh" --fuzz
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-14 \
    -DCMAKE_CXX_COMPILER=clang++-14 -DVPT_FUZZ=ON -DVPT_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${build_targets[@]}"
"$top/fuzz/lay-seeds.sh" "$build/fuzz-seeds"
results=$build/fuzz-results
rm -rf "$results"
mkdir -p "$results"

# The XML and JSON readers get the words of their format: libFuzzer finds a
# new element name or a field far sooner from a dictionary than byte by byte.
dictionary() {
    case $1 in
    fuzz_nodedev | fuzz_domain_* | fuzz_network | fuzz_identity_record) echo "-dict=$top/fuzz/dicts/xml.dict" ;;
    fuzz_journal) echo "-dict=$top/fuzz/dicts/json.dict" ;;
    esac
}

# run_target TARGET: fuzzes it, leaves its log and a one-line result in $results.
run_target() {
    local target=$1
    local corpus=$corpus_root/$target crashes=$corpus_root/crashes/$target log=$results/$target.log
    mkdir -p "$corpus" "$crashes" "$build/fuzz-seeds/$target"
    local before start status=0
    before=$(find "$corpus" -type f | wc -l)
    start=$(date +%s)
    # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a leak or a runaway allocation.
    "$build/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$crashes/" $(dictionary "$target") \
        "$corpus" "$build/fuzz-seeds/$target" >"$log" 2>&1 || status=$?
    local elapsed runs corpus_size artifact
    elapsed=$(($(date +%s) - start))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    corpus_size=$(find "$corpus" -type f | wc -l)
    artifact=$(sed -n 's/.*Test unit written to \(.*\)/\1/p' "$log" | tail -1)
    echo "$target $elapsed ${runs:-?} $corpus_size $((corpus_size - before)) $([ "$status" -eq 0 ] && echo 0 || echo 1) $status ${artifact:--}" \
        >"$results/$target.result"
}

for target in "${targets[@]}"; do
    [ -x "$build/fuzz/$target" ] || { echo "fuzz: no target $target" >&2; exit 2; }
    run_target "$target" &
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
done
wait

failed=()
printf '%-22s %8s %12s %8s %6s %8s\n' target seconds runs corpus new crashes
for target in "${targets[@]}"; do
    read -r name elapsed runs corpus_size added crashed status artifact <"$results/$target.result"
    printf '%-22s %8s %12s %8s %6s %8s\n' "$name" "$elapsed" "$runs" "$corpus_size" "+$added" "$crashed"
    [ "$crashed" = 0 ] || failed+=("$target $status $artifact")
done
for failure in "${failed[@]}"; do
    read -r target status artifact <<<"$failure"
    echo "fuzz: $target failed (exit $status) on $artifact; full log $results/$target.log" >&2
    grep -m1 -A30 -E '^==[0-9]+==ERROR|runtime error|property broken|ERROR: libFuzzer' "$results/$target.log" |
        sed 's/^/    /' >&2 || tail -30 "$results/$target.log" | sed 's/^/    /' >&2
    echo "  reproduce: $build/fuzz/$target $artifact" >&2
done
[ ${#failed[@]} -eq 0 ]
