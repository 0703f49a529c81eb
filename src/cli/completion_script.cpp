#include "cli/completion_script.hpp"

#include <stdexcept>

namespace vpt {
namespace {

// Every name goes between single quotes in the script; none of vpt's has one.
std::string quoted(const std::string& words) {
    if (words.find('\'') != std::string::npos) throw std::logic_error("completion: a quote in '" + words + "'");
    return "'" + words + "'";
}

std::string joined(const std::vector<std::string>& words, const char* separator = " ") {
    std::string out;
    for (const auto& word : words) out += (out.empty() ? "" : separator) + word;
    return out;
}

// The scripts split a set of values at ',', a list at blanks, and offer a
// value as it is: one with any other character would need quoting.
const std::string& plain(const std::string& value) {
    const bool safe = !value.empty() && value.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                                "0123456789._+-") == std::string::npos;
    if (!safe) throw std::logic_error("completion: the value '" + value + "' cannot be offered as it is");
    return value;
}

// What a value completes to, as the scripts read it: a host object's kind
// ("devices"), "-" for nothing, or a fixed set written as CLI11's help
// writes it: "{text,dot,svg}".
std::string value_kind(ValueKind kind, const std::vector<std::string>& values) {
    if (values.empty()) return kind_name(kind);
    std::vector<std::string> checked;
    for (const auto& value : values) checked.push_back(plain(value));
    return "{" + joined(checked, ",") + "}";
}

// _vpt_spec PATH sets, in its caller's locals, what the command PATH ("" for
// vpt itself, "pool create") takes: the same text serves bash and zsh.
//   subcommands    its subcommands
//   offered        the options offered (hidden ones are not)
//   value_options  every option that takes a value, hidden ones too, so
//                  that the value is not read as a command or argument
//   option_kinds   OPTION:KIND for the options whose value names a host
//                  object or is one of a set ({text,dot,svg})
//   positionals    one KIND per positional ("-": free); "KIND..." repeats
std::string spec_function(const std::vector<CommandSpec>& specs) {
    std::string out = "_vpt_spec() {\n    case $1 in\n";
    for (const auto& spec : specs) {
        std::vector<std::string> offered, value_options, option_kinds, positionals;
        for (const auto& option : spec.options) {
            if (option.listed) offered.insert(offered.end(), option.names.begin(), option.names.end());
            if (!option.takes_value) continue;
            value_options.insert(value_options.end(), option.names.begin(), option.names.end());
            if (option.kind == ValueKind::none && option.values.empty()) continue;
            for (const auto& name : option.names)
                option_kinds.push_back(name + ":" + value_kind(option.kind, option.values));
        }
        for (const auto& positional : spec.positionals)
            positionals.push_back(value_kind(positional.kind, positional.values) + (positional.repeats ? "..." : ""));
        out += "    " + quoted(spec.path) + ")\n";
        out += "        subcommands=" + quoted(joined(spec.subcommands)) + "\n";
        out += "        offered=" + quoted(joined(offered)) + "\n";
        out += "        value_options=" + quoted(joined(value_options)) + "\n";
        out += "        option_kinds=" + quoted(joined(option_kinds)) + "\n";
        out += "        positionals=" + quoted(joined(positionals)) + "\n";
        out += "        ;;\n";
    }
    out += "    *) return 1 ;;\n    esac\n}\n";
    return out;
}

const char* header =
    "# Completion for vpt(1), written by `vpt completion` from the command\n"
    "# definitions of the vpt built with it: regenerate rather than edit.\n\n";

// The parts both shells share: finding the command, the positional and the
// URI in the words before the cursor, and asking vpt for host objects (a
// fixed set of values is in the spec).
// bash splits COMP_WORDS at ':' and '=' too, which cuts addresses and URIs
// apart, so the bash driver splits the line itself (by blanks) first.
// bash inserts a reply as it is, so a guest named 'a$(cmd)' would run cmd
// when the line is entered: each reply is quoted for where it goes (after
// the quote the word opens with, or bare, as printf %q does). `compopt -o
// filenames` is no answer: bash leaves '$' of such a name unquoted.
// Candidates come from the `vpt` on PATH, never from a program the line
// names: TAB must not run what only Enter should (vpt itself refuses to
// open a URI that would run one).
const char* bash_driver = R"SH(
# Whether $1 is one of the other arguments.
_vpt_in() {
    local word=$1 each
    shift
    for each; do [[ $each == "$word" ]] && return 0; done
    return 1
}

# The word as the shell reads it: its opening quote (and a closing one) or
# its backslashes removed; nothing is expanded.
_vpt_unquote() {
    local word=$1 out='' i c
    case $word in
    \'*) word=${word#\'}; printf '%s' "${word%\'}"; return ;;
    \"*) word=${word#\"}; word=${word%\"} ;;
    esac
    for ((i = 0; i < ${#word}; i++)); do
        c=${word:i:1}
        if [[ $c == \\ ]] && ((i + 1 < ${#word})); then
            i=$((i + 1))
            c=${word:i:1}
        fi
        out+=$c
    done
    printf '%s' "$out"
}

# The values of KIND $1, one a line: a set ({text,dot,svg}) its members,
# a host object's kind what `vpt completion --candidates` lists on the
# connection given (the other arguments: --connect URI, or none).
_vpt_values() {
    local kind=$1 set
    shift
    case $kind in
    \{*\}) set=${kind#\{}; set=${set%\}}; printf '%s\n' "${set//,/$'\n'}" ;;
    *) command vpt "$@" completion --candidates "$kind" 2>/dev/null ;;
    esac
}

# $2 as it must be typed after the opening quote $1 (' or "), or bare.
_vpt_quote() {
    local s=$2
    case $1 in
    \') printf '%s' "${s//\'/\'\\\'\'}" ;;
    \") s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//\$/\\\$}; s=${s//\`/\\\`}; printf '%s' "$s" ;;
    *) printf '%q' "$s" ;;
    esac
}

_vpt() {
    local -a words
    local cword
    if [[ -n ${COMP_LINE-} ]]; then
        local line=${COMP_LINE:0:COMP_POINT}
        read -ra words <<<"$line"
        [[ -z $line || $line == *[[:blank:]] ]] && words+=('')
        cword=$((${#words[@]} - 1))
    else
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi
    local cur=${words[cword]}
    COMPREPLY=()

    local subcommands offered value_options option_kinds positionals
    local cmdpath='' npos=0 value_of='' i word
    local -a connect=()
    _vpt_spec ''
    for ((i = 1; i < cword; i++)); do
        word=${words[i]}
        case $word in
        --connect=*) connect=(--connect "$(_vpt_unquote "${word#*=}")"); continue ;;
        -*=*) continue ;;
        -*)
            if _vpt_in "$word" $value_options; then
                ((i + 1 == cword)) && value_of=$word
                [[ $word == -c || $word == --connect ]] && connect=(--connect "$(_vpt_unquote "${words[i + 1]}")")
                i=$((i + 1))
            fi
            continue ;;
        esac
        if ((npos == 0)) && _vpt_in "$word" $subcommands; then
            cmdpath=${cmdpath:+$cmdpath }$word
            _vpt_spec "$cmdpath"
        else
            npos=$((npos + 1))
        fi
    done

    local kind=-
    if [[ -n $value_of ]]; then
        local each
        for each in $option_kinds; do
            [[ ${each%%:*} == "$value_of" ]] && kind=${each#*:}
        done
        if [[ $kind == - ]]; then
            [[ $value_of == -c || $value_of == --connect ]] && return 0
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return 0
        fi
    elif [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$offered" -- "$cur")
        return 0
    elif ((npos == 0)) && [[ -n $subcommands ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$subcommands" -- "$cur")
        return 0
    else
        local -a kinds=($positionals)
        if ((npos < ${#kinds[@]})); then
            kind=${kinds[npos]}
        elif ((${#kinds[@]} > 0)) && [[ ${kinds[-1]} == *... ]]; then
            kind=${kinds[-1]}
        fi
        kind=${kind%...}
    fi
    [[ $kind == - ]] && return 0

    local typed quote='' candidate
    typed=$(_vpt_unquote "$cur")
    [[ $cur == [\'\"]* ]] && quote=${cur:0:1}
    while IFS= read -r candidate; do
        [[ $candidate == "$typed"* ]] && COMPREPLY+=("$(_vpt_quote "$quote" "$candidate")")
    done < <(_vpt_values "$kind" "${connect[@]}")

    # bash replaces only the text after the last ':' or '=' of the word
    # (outside quotes).
    if [[ -n ${COMP_LINE-} && -z $quote ]]; then
        local head='' part sep
        for sep in : =; do
            [[ $COMP_WORDBREAKS == *"$sep"* && $cur == *"$sep"* ]] || continue
            part=${cur%"${cur##*"$sep"}"}
            ((${#part} > ${#head})) && head=$part
        done
        [[ -n $head ]] && COMPREPLY=("${COMPREPLY[@]#"$head"}")
    fi
    return 0
}
complete -F _vpt vpt
)SH";

// zsh: words and CURRENT are 1-based, the line is not split at ':', an
// unquoted variable is not split unless asked (${=var}), and `options` and
// `path` are the shell's own (hence offered, cmdpath).
const char* zsh_driver = R"SH(
_vpt_in() {
    local word=$1 each
    shift
    for each; do [[ $each == "$word" ]] && return 0; done
    return 1
}

_vpt() {
    local cur=${words[CURRENT]}
    local subcommands offered value_options option_kinds positionals
    local cmdpath='' npos=0 value_of='' i word
    local -a connect
    connect=()
    _vpt_spec ''
    for ((i = 2; i < CURRENT; i++)); do
        word=${words[i]}
        case $word in
        (--connect=*) connect=(--connect "${word#*=}"); continue ;;
        (-*=*) continue ;;
        (-*)
            if _vpt_in "$word" ${=value_options}; then
                ((i + 1 == CURRENT)) && value_of=$word
                [[ $word == -c || $word == --connect ]] && connect=(--connect "${words[i + 1]}")
                i=$((i + 1))
            fi
            continue ;;
        esac
        if ((npos == 0)) && _vpt_in "$word" ${=subcommands}; then
            cmdpath=${cmdpath:+$cmdpath }$word
            _vpt_spec "$cmdpath"
        else
            npos=$((npos + 1))
        fi
    done

    local kind=-
    if [[ -n $value_of ]]; then
        local each
        for each in ${=option_kinds}; do
            [[ ${each%%:*} == "$value_of" ]] && kind=${each#*:}
        done
        if [[ $kind == - ]]; then
            [[ $value_of == -c || $value_of == --connect ]] && return 1
            _files
            return
        fi
    elif [[ $cur == -* ]]; then
        compadd -- ${=offered}
        return
    elif ((npos == 0)) && [[ -n $subcommands ]]; then
        compadd -- ${=subcommands}
        return
    else
        local -a kinds
        kinds=(${=positionals})
        if ((npos < ${#kinds})); then
            kind=${kinds[npos + 1]}
        elif ((${#kinds} > 0)) && [[ ${kinds[-1]} == *... ]]; then
            kind=${kinds[-1]}
        fi
        kind=${kind%...}
    fi
    [[ $kind == - ]] && return 1

    # compadd quotes each candidate for the line. A set ({text,dot,svg}) is
    # its members; for host objects the vpt on PATH answers, never a
    # program the line names (see the bash driver).
    local -a candidates
    if [[ $kind == \{*\} ]]; then
        candidates=(${(s:,:)${${kind#\{}%\}}})
    else
        candidates=(${(f)"$(command vpt "${connect[@]}" completion --candidates $kind 2>/dev/null)"})
    fi
    compadd -- "${candidates[@]}"
}
)SH";

}  // namespace

std::string bash_completion_script(const std::vector<CommandSpec>& specs) {
    return std::string("# bash completion for vpt                                 -*- shell-script -*-\n") + header +
           spec_function(specs) + bash_driver;
}

std::string zsh_completion_script(const std::vector<CommandSpec>& specs) {
    return std::string("#compdef vpt\n") + header + spec_function(specs) + zsh_driver + "\n_vpt \"$@\"\n";
}

}  // namespace vpt
