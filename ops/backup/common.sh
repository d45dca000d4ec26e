# shellcheck shell=bash
# Shared helpers for backup.sh and restore.sh. Sourced, never run.
# PG_* globals are set here for the caller:
# shellcheck disable=SC2034

# die MESSAGE...: print to stderr and exit 1.
die() {
    printf '%s: error: %s\n' "${PROG:-hisaab-backup}" "$*" >&2
    exit 1
}

# usage_error MESSAGE: print the message and the usage text, exit 2.
usage_error() {
    printf '%s: %s\n\n' "${PROG:-hisaab-backup}" "$1" >&2
    usage >&2
    exit 2
}

log() {
    printf '%s: %s\n' "${PROG:-hisaab-backup}" "$*" >&2
}

need() {
    command -v "$1" >/dev/null 2>&1 || die "'$1' is required but not installed${2:+ ($2)}"
}

# url_kind URL: prints "postgres" or "sqlite", or fails.
url_kind() {
    case "$1" in
        postgres://* | postgresql://*) echo postgres ;;
        sqlite:* | /* | ./* | ../*) echo sqlite ;;
        *) return 1 ;;
    esac
}

# pg_split URL: sets PG_SAFE_URL (the URL without its password), PG_PASSWORD (decoded,
# possibly empty) and PG_DBNAME. The password goes to libpq through PGPASSWORD so it
# never appears on a command line (ps). Passwords must be percent-encoded in the URL.
pg_split() {
    local url=$1 scheme rest authority tail userinfo hostport user pw path
    scheme=${url%%://*}://
    rest=${url#*://}
    authority=${rest%%[/?]*}
    tail=${rest:${#authority}}
    if [[ $authority == *@* ]]; then
        userinfo=${authority%@*}
        hostport=${authority##*@}
        if [[ $userinfo == *:* ]]; then
            user=${userinfo%%:*}
            pw=${userinfo#*:}
        else
            user=$userinfo
            pw=
        fi
        PG_SAFE_URL="${scheme}${user}@${hostport}${tail}"
    else
        pw=
        PG_SAFE_URL=$url
    fi
    # percent-decode the password (raw backslashes first, so %b leaves them alone)
    pw=${pw//\\/\\\\}
    PG_PASSWORD=$(printf '%b' "${pw//%/\\x}")
    path=${tail#/}
    path=${path%%\?*}
    PG_DBNAME=${path:-postgres}
}

# sqlite_path URL: prints the file path of a sqlite: URL (or a plain path).
# sqlite://data/h.db?mode=rwc -> data/h.db ; sqlite:///var/lib/h.db -> /var/lib/h.db
sqlite_path() {
    local p=$1
    case "$p" in
        sqlite://*) p=${p#sqlite://} ;;
        sqlite:*) p=${p#sqlite:} ;;
    esac
    p=${p%%\?*}
    [[ -n $p ]] || return 1
    printf '%s\n' "$p"
}

# safe_name TEXT: a string usable in a file name.
safe_name() {
    printf '%s' "$1" | tr -c 'A-Za-z0-9_.-' '_'
}

# check_plain_path PATH: refuse characters that cannot be quoted inside sqlite3
# dot-commands.
check_plain_path() {
    case "$1" in
        *"'"* | *$'\n'*) die "path contains a quote or a newline: $1" ;;
    esac
}

# sha256_of FILE: prints the hex digest.
sha256_of() {
    sha256sum "$1" | cut -d' ' -f1
}

# is_sqlite_file FILE: true when FILE starts with the SQLite 3 header.
is_sqlite_file() {
    [[ -f $1 ]] && [[ $(head -c 15 "$1") == "SQLite format 3" ]]
}
