#!/usr/bin/env bash
# Back up the Hisaab database, with retention.
#
#   PostgreSQL: pg_dump custom format     -> DEST/hisaab-pg-<db>-<UTC time>.dump
#   SQLite:     sqlite3 .backup (online)  -> DEST/hisaab-sqlite-<file>-<UTC time>.sqlite3.gz
#
# Each backup is checked after it is written (pg_restore --list / PRAGMA integrity_check)
# and gets a .sha256 file beside it. Then backups of the same database that are older
# than --keep-days are deleted, except the newest --keep-min, which are always kept.
# The last line on stdout is the new backup's path. See docs/OPERATIONS.md (Backups).
set -euo pipefail

PROG=backup.sh
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$HERE/common.sh"

usage() {
    cat <<'EOF'
Usage: backup.sh --dest DIR (--url URL | --from-env) [--keep-days N] [--keep-min N]

  --dest DIR       directory for the backups (created, mode 0700, if missing)
  --url URL        database to back up: postgres://user:pass@host:port/db,
                   sqlite://path/to/file.db, or a path to an SQLite file
  --from-env       take the URL from HISAAB_DATABASE_URL (e.g. under systemd with
                   EnvironmentFile=/etc/hisaab/hisaab.env)
  --keep-days N    delete this database's backups older than N days (default 14)
  --keep-min N     but always keep the newest N backups (default 7)

PostgreSQL needs pg_dump and pg_restore of the server's major version or newer
(Debian: postgresql-client-15). SQLite needs sqlite3 and gzip.
EOF
}

dest='' url='' from_env=0 keep_days=14 keep_min=7
[[ $# -gt 0 ]] || usage_error "missing arguments"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --dest) [[ $# -ge 2 ]] || usage_error "--dest needs a value"; dest=$2; shift 2 ;;
        --url) [[ $# -ge 2 ]] || usage_error "--url needs a value"; url=$2; shift 2 ;;
        --from-env) from_env=1; shift ;;
        --keep-days) [[ $# -ge 2 ]] || usage_error "--keep-days needs a value"; keep_days=$2; shift 2 ;;
        --keep-min) [[ $# -ge 2 ]] || usage_error "--keep-min needs a value"; keep_min=$2; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) usage_error "unknown argument: $1" ;;
    esac
done

[[ -n $dest ]] || usage_error "--dest is required"
if [[ $from_env -eq 1 ]]; then
    [[ -z $url ]] || usage_error "give --url or --from-env, not both"
    url=${HISAAB_DATABASE_URL:-}
    [[ -n $url ]] || die "--from-env: HISAAB_DATABASE_URL is not set (for SQLite pass --url with the database file)"
fi
[[ -n $url ]] || usage_error "--url or --from-env is required"
[[ $keep_days =~ ^[0-9]+$ && $keep_days -ge 1 ]] || usage_error "--keep-days must be a whole number >= 1"
[[ $keep_min =~ ^[0-9]+$ && $keep_min -ge 1 ]] || usage_error "--keep-min must be a whole number >= 1"
kind=$(url_kind "$url") || usage_error "unsupported database URL (want postgres://, postgresql://, sqlite: or a file path)"

check_plain_path "$dest"
umask 077
mkdir -p -- "$dest"
dest=$(cd -- "$dest" && pwd)
[[ -w $dest ]] || die "cannot write to $dest"

# One backup at a time per destination.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$dest/.backup.lock"
    flock -n 9 || die "another backup is running in $dest"
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
tmp=''
cleanup() { [[ -z $tmp ]] || rm -f -- "$tmp" "$tmp.gz"; }
trap cleanup EXIT

case "$kind" in
    postgres)
        need pg_dump "Debian: postgresql-client"
        need pg_restore "Debian: postgresql-client"
        pg_split "$url"
        if [[ -n $PG_PASSWORD ]]; then export PGPASSWORD=$PG_PASSWORD; fi
        prefix="hisaab-pg-$(safe_name "$PG_DBNAME")"
        ext=dump
        out="$dest/$prefix-$stamp.$ext"
        tmp="$out.partial"
        log "dumping PostgreSQL database '$PG_DBNAME' to $out"
        pg_dump --dbname="$PG_SAFE_URL" --format=custom --compress=6 --no-password \
            --lock-wait-timeout=60s --file="$tmp"
        pg_restore --list "$tmp" >/dev/null || die "the dump is not readable by pg_restore"
        ;;
    sqlite)
        need sqlite3 "Debian: sqlite3"
        need gzip
        db=$(sqlite_path "$url") || usage_error "no file in SQLite URL: $url"
        check_plain_path "$db"
        [[ -f $db ]] || die "SQLite database not found: $db"
        is_sqlite_file "$db" || die "not an SQLite 3 database: $db"
        name=$(basename -- "$db")
        prefix="hisaab-sqlite-$(safe_name "${name%.*}")"
        ext=sqlite3.gz
        out="$dest/$prefix-$stamp.$ext"
        tmp="$dest/.$prefix-$stamp.sqlite3.partial"
        log "copying SQLite database $db to $out"
        # .backup uses SQLite's online backup API: a consistent copy while the services run.
        sqlite3 -bail "$db" ".timeout 30000" ".backup '$tmp'"
        check=$(sqlite3 -bail "$tmp" "PRAGMA integrity_check;")
        [[ $check == ok ]] || die "integrity_check of the copy failed: $check"
        gzip -6 -- "$tmp"
        tmp="$tmp.gz"
        ;;
esac

[[ -e $out ]] && die "$out already exists"
mv -- "$tmp" "$out"
tmp=''
printf '%s  %s\n' "$(sha256_of "$out")" "$(basename -- "$out")" >"$out.sha256"
log "wrote $out ($(du -h -- "$out" | cut -f1))"

# Retention: newest first; keep the newest $keep_min whatever their age.
mapfile -t backups < <(find "$dest" -maxdepth 1 -type f -name "$prefix-*.$ext" -printf '%f\n' | LC_ALL=C sort -r)
removed=0
for i in "${!backups[@]}"; do
    ((i < keep_min)) && continue
    f="$dest/${backups[$i]}"
    if [[ -n $(find "$f" -maxdepth 0 -mmin +$((keep_days * 1440))) ]]; then
        rm -f -- "$f" "$f.sha256"
        removed=$((removed + 1))
    fi
done
log "retention: ${#backups[@]} backup(s) of this database before pruning, $removed removed (keep-days $keep_days, keep-min $keep_min)"

printf '%s\n' "$out"
