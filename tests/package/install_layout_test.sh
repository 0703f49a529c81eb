#!/usr/bin/env bash
# `cmake --install` into a scratch prefix lays out exactly the files a
# Debian system expects, each with the right content.
# Usage: install_layout_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 source=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

cmake --install "$build" --prefix "$prefix" >/dev/null

want="bin/vpt
share/bash-completion/completions/vpt
share/man/man1/vpt.1.gz
share/zsh/vendor-completions/_vpt"
for schema in "$source"/man/schemas/*.schema.json; do
    [ -e "$schema" ] && want+=$'\n'"share/vpt/schemas/$(basename "$schema")"
done
got=$(cd "$prefix" && find . -type f | sed 's|^\./||' | sort)
want=$(sort <<<"$want")
[ "$got" = "$want" ] || fail "installed files: got [$(echo $got)], want [$(echo $want)]"

vpt="$prefix/bin/vpt"
[ -x "$vpt" ] && "$vpt" --version >/dev/null || fail "bin/vpt does not run --version"
# man/vpt.1 with the version vpt --version prints in its .TH line, and otherwise unchanged
version=$("$vpt" --version 2>/dev/null | sed -n '1s/^vpt //p')
page_th=$(zcat "$prefix/share/man/man1/vpt.1.gz" | sed -n 1p)
[ -n "$version" ] && [[ $page_th == ".TH VPT 1 \""*"\" \"vpt $version\""* ]] ||
    fail "the installed page's .TH does not name vpt ${version:-?} (vpt --version): $page_th"
cmp -s <(zcat "$prefix/share/man/man1/vpt.1.gz" | tail -n +2) <(tail -n +2 "$source/man/vpt.1") ||
    fail "vpt.1.gz is not man/vpt.1 below its .TH line"
cmp -s <("$vpt" completion bash) "$prefix/share/bash-completion/completions/vpt" ||
    fail "the bash completion is not what vpt completion bash writes"
cmp -s <("$vpt" completion zsh) "$prefix/share/zsh/vendor-completions/_vpt" ||
    fail "the zsh completion is not what vpt completion zsh writes"
bash -n "$prefix/share/bash-completion/completions/vpt" || fail "bash -n on the installed completion"
for schema in "$source"/man/schemas/*.schema.json; do
    [ -e "$schema" ] || continue
    cmp -s "$schema" "$prefix/share/vpt/schemas/$(basename "$schema")" || fail "schema $(basename "$schema") differs"
done

[ "$failures" = 0 ] && echo "install layout: all checks passed"
exit $((failures > 0))
