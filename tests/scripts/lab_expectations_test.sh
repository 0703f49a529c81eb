#!/usr/bin/env bash
# What the lab's run.sh holds a run to, without a VM: the cases the suite
# lists for a run (e2e.sh --list), how their results are judged (in CI a skip
# fails unless the suite allows it; a case without a result fails), and the
# validation of the JSON vpt printed for the suite against man/schemas.
# Usage: lab_expectations_test.sh SOURCE_DIR VPT_BINARY
set -uo pipefail
source=$1 vpt=$2
lab=$source/tests/lab
unset VPT_LAB_CASES VPT_LAB_CRASH   # the suite as a whole run lists it, whatever the caller set
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
. "$lab/common.sh"

# --- e2e.sh --list ---------------------------------------------------------
list=$(LAB_HAS_PACKAGE=1 bash "$lab/e2e.sh" --list 2>&1 | sed -n 's/^case //p')
[ "$(grep -c . <<<"$list")" -gt 40 ] || fail "e2e.sh --list lists $(grep -c . <<<"$list") cases"
[ "$(tail -4 <<<"$list" | xargs)" = "persist-detach persist-moved-after-reboot persist-held-after-reboot persist-restored-after-reboot" ] ||
    fail "the stages after the reboots are not listed last: $(tail -4 <<<"$list" | xargs)"
grep -q may-skip <<<"$list" && fail "with the package, a case may skip: $(grep may-skip <<<"$list")"
grep -qx "lab-vpt-package-installed may-skip" <<<"$(LAB_HAS_PACKAGE=0 bash "$lab/e2e.sh" --list | sed -n 's/^case //p')" ||
    fail "without the package, lab-vpt-package-installed is not allowed to skip"
[ "$(VPT_LAB_CASES='^vfs-|^persist-held' bash "$lab/e2e.sh" --list | sed -n 's/^case //p' | xargs)" = "vfs-nvme vfs-igb vfs-igb-persist" ] ||
    fail "VPT_LAB_CASES: $(VPT_LAB_CASES='^vfs-|^persist-held' bash "$lab/e2e.sh" --list | xargs)"
# CI tries one crash point of every changing command: every crash case runs
for c in crash-detach-reattach crash-reset crash-guest-config crash-guest-live crash-vfs crash-persist crash-pool; do
    grep -qx "$c" <<<"$list" || fail "$c not listed without VPT_LAB_CRASH=full"
done
full=$(VPT_LAB_CRASH=full bash "$lab/e2e.sh" --list)
grep -qx "case crash-pool" <<<"$full" || fail "VPT_LAB_CRASH=full does not list crash-pool"

# --- judging the results ---------------------------------------------------
printf 'PASS a (1 ms)\nFAIL b (2 ms): why\nSKIP c: no igb NIC\nSKIP d: bare binary\n' >"$scratch/suite.log"
judge() { (CI=$1; lab_judge_cases "$scratch/suite.log" "$2") >"$scratch/judged" 2>&1; }
judge "" $'a\nb\nc\nd may-skip' || fail "outside CI a skip failed the run: $(cat "$scratch/judged")"
judge true $'a\nb\nc\nd may-skip' && fail "in CI the skip of c passed"
grep -q "FAIL lab: case c skipped in CI (no igb NIC)" "$scratch/judged" || fail "CI skip not named: $(cat "$scratch/judged")"
grep -q "case d" "$scratch/judged" && fail "in CI the allowed skip of d failed: $(cat "$scratch/judged")"
judge "" $'a\nb\ne\nf' && fail "cases without a result passed"
grep -q "FAIL lab: 2 expected cases did not report: e f" "$scratch/judged" || fail "missing cases not named: $(cat "$scratch/judged")"
judge true $'a\nb\nd may-skip' || fail "in CI, PASS, FAIL and an allowed skip failed the run: $(cat "$scratch/judged")"

# --- the JSON vpt printed ----------------------------------------------------
json=$scratch/json
mkdir -p "$json"
demo="test://$source/examples/demo-host.xml"
keep() {  # keep FILE SCHEMA ARGS...: what json_keep writes in the guest
    local file=$1 schema=$2
    shift 2
    "$vpt" -c "$demo" "$@" >"$json/$file" 2>/dev/null
    printf '%s\t%s\t%s\n' "$file" "$schema" "$*" >>"$json/index.tsv"
}
keep a.json list list --json
keep b.json assign assign media-server 19:00.0 --json
keep c.json detach detach 3e:00.0 --dry-run --json
lab_validate_json "$json" >"$scratch/validated" 2>&1 || fail "valid documents failed: $(cat "$scratch/validated")"
grep -q "3 documents against their schemas (assign 1, detach 1, list 1); successful changes: detach 0, reattach 0, reset 0, assign 1," \
    "$scratch/validated" || fail "the summary: $(cat "$scratch/validated")"
lab_validate_json "$json" whole >"$scratch/validated" 2>&1 && fail "a whole run without every change's report passed"
grep -q "no successful report of: detach reattach reset unassign prepare vfs pool-create pool-delete" "$scratch/validated" ||
    fail "the missing reports are not named: $(cat "$scratch/validated")"
sed -i 's/"result": "done"/"result": "finished"/' "$json/b.json"
lab_validate_json "$json" >"$scratch/validated" 2>&1 && fail "a document that breaks its schema passed"
grep -q "vpt assign media-server 19:00.0 --json: not valid against assign.schema.json" "$scratch/validated" ||
    fail "the invalid document is not named: $(cat "$scratch/validated")"

[ "$failures" = 0 ] && echo "lab expectations: all checks passed"
exit $((failures > 0))
