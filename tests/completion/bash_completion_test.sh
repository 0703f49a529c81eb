#!/usr/bin/env bash
# The generated bash completion, driven as bash drives it: the script is
# sourced into a clean shell, COMP_WORDS/COMP_CWORD (or COMP_LINE/COMP_POINT,
# as an interactive bash sets them) are set, _vpt runs and COMPREPLY is
# checked. Host values come from libvirt's test driver on the demo host.
# Usage: bash_completion_test.sh VPT_BINARY SCRIPT DEMO_HOST_XML [ZSH_SCRIPT]
set -euo pipefail
vpt=$1 script=$2 demo=$3 zsh_script=${4:-}
uri="test://$demo"
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# complete WORD... : COMPREPLY, one per line, for the words (the last is the
# one being completed), with COMP_WORDS as a program sets them.
complete_words() {
    PATH="$(dirname "$vpt"):$PATH" bash -c '
        source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        _vpt
        printf "%s\n" "${COMPREPLY[@]}"' _ "$script" "$@"
}

# complete_line LINE: the same with the line as an interactive bash hands it
# over: COMP_LINE/COMP_POINT, and COMP_WORDS split at COMP_WORDBREAKS.
complete_line() {
    PATH="$(dirname "$vpt"):$PATH" bash -c '
        source "$1"
        COMP_LINE=$2; COMP_POINT=${#2}
        COMP_WORDBREAKS="\"'"'"'><=;|&(:"
        COMP_WORDS=(); COMP_CWORD=0
        _vpt
        printf "%s\n" "${COMPREPLY[@]}"' _ "$script" "$1"
}

# expect NAME GOT WANT: the replies, sorted, are exactly WANT (lines).
expect() {
    local got want
    got=$(printf '%s\n' "$2" | sed '/^$/d' | sort)
    want=$(printf '%s\n' "$3" | sed '/^$/d' | sort)
    [ "$got" = "$want" ] || fail "$1: got [$(echo $got)], want [$(echo $want)]"
}

# contains NAME GOT WORD...: every WORD is among the replies.
contains() {
    local name=$1 got=$2 word
    shift 2
    for word; do grep -qxF -- "$word" <<<"$got" || fail "$name: '$word' missing from [$(echo $got)]"; done
}

bash -n "$script" || fail "bash -n $script"

# The demo host's values, as vpt list and virsh see them.
demo_addresses=$("$vpt" -c "$uri" list --json | grep -o '"address": *"[0-9a-f:.]*"' |
    sed 's/.*"\([0-9a-f:.]*\)"$/\1/' | sort -u)
demo_guests=$(virsh -c "$uri" list --all --name | sed '/^$/d')
[ -n "$demo_addresses" ] || fail "no addresses in vpt list --json"

expect "vpt li" "$(complete_words vpt li)" "list"
expect "vpt pool c" "$(complete_words vpt pool c)" "create"
expect "vpt -c URI pool " "$(complete_words vpt -c "$uri" pool '')" "create
list
show
delete"
expect "vpt -c URI detach 0000:0" "$(complete_words vpt -c "$uri" detach 0000:0)" \
    "$(grep '^0000:0' <<<"$demo_addresses")"
expect "vpt --connect=URI show 0000:03:10" "$(complete_words vpt --connect="$uri" show 0000:03:10)" \
    "$(grep '^0000:03:10' <<<"$demo_addresses")"
expect "vpt -c URI assign " "$(complete_words vpt -c "$uri" assign '')" \
    "$demo_guests"
contains "vpt -c URI assign web-frontend --dry-run " \
    "$(complete_words vpt -c "$uri" assign web-frontend --dry-run 0000:3)" 0000:3a:00.0 0000:3b:00.0
contains "vpt -c URI check --guest " "$(complete_words vpt -c "$uri" check --guest '')" web-frontend gpu-workstation
expect "vpt -c URI pool show sriov" "$(complete_words vpt -c "$uri" pool show sriov)" "sriov-pool
sriov-pool-pf1"
expect "vpt -c URI pool create (a new name)" "$(complete_words vpt -c "$uri" pool create '')" ""
expect "vpt -c URI vfs PF COUNT (a number)" "$(complete_words vpt -c "$uri" vfs 0000:03:00.0 '')" ""
detach_flags=$(complete_words vpt detach --)
contains "vpt detach --" "$detach_flags" --dry-run --force --persist --wait --connect --json
grep -qx -- --root <<<"$detach_flags" && fail "vpt detach --: offers the hidden --root"
grep -qx completion <<<"$(complete_words vpt '')" && fail "vpt: offers the hidden completion command"

# An option of a fixed set completes to its values, from the script alone
# (no host is asked), not to file names.
expect "vpt topo --format " "$(complete_words vpt topo --format '')" "text
dot
svg"
expect "vpt topo --format d" "$(complete_words vpt topo --format d)" "dot"
expect "vpt -c URI assign GUEST DEV --rom-bar " \
    "$(complete_words vpt -c "$uri" assign web-frontend 0000:3a:00.0 --rom-bar '')" "on
off"
contains "vpt list --class " "$(complete_words vpt list --class '')" storage nvme net display gpu audio bridge usb
expect "vpt list --class g" "$(complete_words vpt list --class g)" "gpu"
expect "line: vpt topo --format s" "$(complete_line "vpt topo --format s")" "svg"

# vpt help: the commands vpt lists, for the command and its subcommand.
expect "vpt help " "$(complete_words vpt help '')" "$(complete_words vpt '')"
expect "vpt help po" "$(complete_words vpt help po)" "pool"

# vfs PF: only the devices with SR-IOV capability, the PFs vpt list shows.
demo_pfs=$("$vpt" -c "$uri" list -o address,sr-iov --noheadings | awk '$2 == "PF" { print $1 }' | sort)
[ -n "$demo_pfs" ] || fail "no SR-IOV PF in vpt list"
expect "vpt -c URI vfs " "$(complete_words vpt -c "$uri" vfs '')" "$demo_pfs"
expect "vpt -c URI vfs 0000:03" "$(complete_words vpt -c "$uri" vfs 0000:03)" "$(grep '^0000:03' <<<"$demo_pfs")"

# topo refuses --json: not offered there, still everywhere else.
topo_flags=$(complete_words vpt topo --)
contains "vpt topo --" "$topo_flags" --format --output --connect
grep -qx -- --json <<<"$topo_flags" && fail "vpt topo --: offers --json, which topo refuses"
contains "vpt list --" "$(complete_words vpt list --)" --json

# As an interactive bash: COMP_WORDS cut at ':', the reply only what follows
# the word's last ':'.
expect "line: vpt -c URI detach 0000:03:10." "$(complete_line "vpt -c $uri detach 0000:03:10.")" \
    "$(grep '^0000:03:10\.' <<<"$demo_addresses" | sed 's/.*://')"
expect "line: vpt li" "$(complete_line "vpt li")" "list"

# A guest whose name is shell code: every reply is quoted for where it goes,
# so the line runs nothing when entered. The replies are read back the way
# the shell reads the line (eval, in a directory of its own: were a reply
# unquoted, the touch would leave a file there).
hostile='wi$(touch${IFS}x)'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s|<name>ci-runner</name>|<name>$hostile</name>|" "$demo" >"$tmp/host.xml"
hostile_uri="test://$tmp/host.xml"
mkdir "$tmp/run"
read_back() { # PREFIX REPLY: the words the shell reads from PREFIX and REPLY (and the closing quote readline adds)
    (cd "$tmp/run" && eval "set -- $1$2$3" && printf '%s\n' "$@")
}
for typed in wi "'wi" '"wi'; do
    reply=$(complete_line "vpt -c $hostile_uri assign $typed")
    [ "$(printf '%s\n' "$reply" | sed '/^$/d' | wc -l)" = 1 ] || fail "hostile name after [$typed]: replies [$reply]"
    quote=${typed%wi}
    got=$(read_back "$quote" "$reply" "$quote")
    [ "$got" = "$hostile" ] || fail "hostile name after [$typed]: reply [$reply] reads back as [$got]"
done
[ -z "$(ls -A "$tmp/run")" ] || fail "a completed hostile name ran: $(ls "$tmp/run")"

# TAB opens no URI that would run a program: not the ext transport, not a
# command= (nor a netcat= or socket=), however the line came to hold it.
cat >"$tmp/ext-command" <<SCRIPT
#!/bin/sh
touch "$tmp/ran"
SCRIPT
chmod +x "$tmp/ext-command"
for connect in "qemu+ext:///system?command=$tmp/ext-command" "qemu+ssh://localhost/system?command=$tmp/ext-command"; do
    expect "TAB with -c $connect" "$(complete_line "vpt -c $connect assign ")" ""
    expect "TAB with --connect=$connect" "$(complete_words vpt --connect="$connect" assign '')" ""
done
[ -e "$tmp/ran" ] && fail "completion ran the program a URI named"

# As an interactive bash really does it: TAB, then Enter runs the line.
if command -v python3 >/dev/null; then
    cat >"$tmp/rc" <<RC
PS1='$ '
source '$script'
# What the line runs when entered: its arguments, one per line.
vpt() { printf '<%s>\n' "\$@" >'$tmp/entered'; }
RC
    PATH="$(dirname "$vpt"):$PATH" python3 - "$tmp/rc" "vpt -c $hostile_uri assign wi" "$tmp/run" <<'PY'
import os, pty, select, sys, time
rc, line, cwd = sys.argv[1:4]
pid, fd = pty.fork()
if pid == 0:
    os.chdir(cwd)
    os.execvp("bash", ["bash", "--noprofile", "--rcfile", rc, "-i"])
def drain(seconds):
    end = time.time() + seconds
    while time.time() < end:
        if select.select([fd], [], [], 0.05)[0]:
            try:
                os.read(fd, 65536)
            except OSError:
                return
for keys, wait in ((line, 0.5), ("\t", 2.0), ("\n", 1.0), ("exit\n", 0.5)):
    os.write(fd, keys.encode())
    drain(wait)
os.kill(pid, 9)
os.waitpid(pid, 0)
PY
    [ "$(cat "$tmp/entered" 2>/dev/null)" = "<-c>
<$hostile_uri>
<assign>
<$hostile>" ] || fail "interactive TAB then Enter: the line ran as [$(cat "$tmp/entered" 2>/dev/null)]"
    [ -z "$(ls -A "$tmp/run")" ] || fail "interactive TAB then Enter ran the name: $(ls "$tmp/run")"
else
    echo "python3 is not installed: TAB in an interactive bash not checked"
fi

# The values vpt offers come from libvirt or not at all: never an error.
out=$("$vpt" -c test:///nonexistent/host.xml completion --candidates devices 2>&1) && rc=0 || rc=$?
[ "$rc" = 0 ] && [ -z "$out" ] || fail "candidates on a bad URI: exit $rc, printed [$out]"

if [ -n "$zsh_script" ]; then
    if command -v zsh >/dev/null; then
        zsh -n "$zsh_script" || fail "zsh -n $zsh_script"
        # _vpt run by zsh on WORDS (the last is the one being completed), with
        # compadd printing what it is given (zsh itself then keeps the
        # matches) and _files printing FILES.
        complete_zsh() {
            PATH="$(dirname "$vpt"):$PATH" zsh -fc '
                compadd() { [[ $1 == -- ]] && shift; print -rl -- "$@"; }
                _files() { print FILES; }
                words=("${@[2,-1]}"); CURRENT=${#words}
                source "$1"' _ "$zsh_script" "$@"
        }
        expect "zsh: vpt topo --format " "$(complete_zsh vpt topo --format '')" "text
dot
svg"
        expect "zsh: vpt topo --output " "$(complete_zsh vpt topo --output '')" "FILES"
        expect "zsh: vpt help " "$(complete_zsh vpt help '')" "$(complete_words vpt '')"
        expect "zsh: vpt -c URI vfs " "$(complete_zsh vpt -c "$uri" vfs '')" "$demo_pfs"
        expect "zsh: vpt -c URI assign " "$(complete_zsh vpt -c "$uri" assign '')" "$demo_guests"
    else
        echo "zsh is not installed: $zsh_script not checked"
    fi
fi

[ "$failures" = 0 ] && echo "bash completion: all checks passed"
exit $((failures > 0))
