#!/usr/bin/env bash
# Restore a Hisaab backup made by backup.sh.
#
#   PostgreSQL (*.dump):          pg_restore in one transaction into the database in --url.
#   SQLite (*.sqlite3.gz|.sqlite3): decompress, check, and move into place at --url's path.
#
# It refuses to overwrite: a PostgreSQL database that already has tables, or an SQLite
# file that exists, needs --replace (the old SQLite file and its -wal/-shm are kept
# beside it as *.pre-restore-<time>). Stop hisaab-web, hisaab-admin and hisaab-worker
# first. Practise on a scratch database: docs/OPERATIONS.md (Restore drill).
set -euo pipefail

PROG=restore.sh
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$HERE/common.sh"

usage() {
    cat <<'EOF'
Usage: restore.sh --file BACKUP (--url URL | --from-env) [--replace] [--yes]

  --file BACKUP    a backup written by backup.sh (*.dump, *.sqlite3.gz or *.sqlite3);
                   its .sha256 file, when present, is checked first
  --url URL        where to restore: postgres://user:pass@host:port/db (the database
                   must exist), sqlite://path/to/file.db, or an SQLite file path
  --from-env       take the URL from HISAAB_DATABASE_URL
  --replace        allow restoring over a non-empty database / an existing file
                   (PostgreSQL: pg_restore --clean --if-exists)
  --yes            do not ask for confirmation (needed when stdin is not a terminal)
EOF
}

file='' url='' from_env=0 replace=0 yes=0
[[ $# -gt 0 ]] || usage_error "missing arguments"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --file) [[ $# -ge 2 ]] || usage_error "--file needs a value"; file=$2; shift 2 ;;
        --url) [[ $# -ge 2 ]] || usage_error "--url needs a value"; url=$2; shift 2 ;;
        --from-env) from_env=1; shift ;;
        --replace) replace=1; shift ;;
        --yes) yes=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage_error "unknown argument: $1" ;;
    esac
done

[[ -n $file ]] || usage_error "--file is required"
if [[ $from_env -eq 1 ]]; then
    [[ -z $url ]] || usage_error "give --url or --from-env, not both"
    url=${HISAAB_DATABASE_URL:-}
    [[ -n $url ]] || die "--from-env: HISAAB_DATABASE_URL is not set"
fi
[[ -n $url ]] || usage_error "--url or --from-env is required"
kind=$(url_kind "$url") || usage_error "unsupported database URL (want postgres://, postgresql://, sqlite: or a file path)"
[[ -f $file ]] || die "backup file not found: $file"

case "$file" in
    *.dump) file_kind=postgres ;;
    *.sqlite3.gz | *.sqlite3) file_kind=sqlite ;;
    *) die "cannot tell the backup's kind from its name (want *.dump, *.sqlite3.gz, *.sqlite3): $file" ;;
esac
[[ $file_kind == "$kind" ]] || die "$file is a $file_kind backup but the target is $kind"

# Integrity of the file itself.
if [[ -f $file.sha256 ]]; then
    want=$(cut -d' ' -f1 <"$file.sha256")
    got=$(sha256_of "$file")
    [[ $want == "$got" ]] || die "checksum mismatch for $file (expected $want, got $got)"
    log "checksum ok"
else
    log "warning: no $file.sha256 beside the backup; skipping the checksum"
fi

confirm() { # confirm WHAT TOKEN
    [[ $yes -eq 1 ]] && return 0
    [[ -t 0 ]] || die "refusing to restore without --yes when stdin is not a terminal"
    local answer
    printf 'About to restore %s into %s.\nType %s to continue: ' "$file" "$1" "$2" >&2
    read -r answer
    [[ $answer == "$2" ]] || die "not confirmed"
}

stamp=$(date -u +%Y%m%dT%H%M%SZ)

case "$kind" in
    postgres)
        need pg_restore "Debian: postgresql-client"
        need psql "Debian: postgresql-client"
        pg_split "$url"
        if [[ -n $PG_PASSWORD ]]; then export PGPASSWORD=$PG_PASSWORD; fi
        pg_restore --list "$file" >/dev/null || die "$file is not a pg_dump custom-format archive"
        relations=$(psql --dbname="$PG_SAFE_URL" --no-password --no-psqlrc -X -At -v ON_ERROR_STOP=1 -c \
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
               AND c.relkind IN ('r', 'p', 'v', 'm', 'S')") \
            || die "cannot connect to the target database '$PG_DBNAME'"
        clean=()
        if [[ $relations -gt 0 ]]; then
            [[ $replace -eq 1 ]] || die "database '$PG_DBNAME' is not empty ($relations relations); restore into an empty database, or pass --replace"
            clean=(--clean --if-exists)
            log "database '$PG_DBNAME' has $relations relations: they will be dropped and replaced"
        fi
        confirm "PostgreSQL database '$PG_DBNAME'" "$PG_DBNAME"
        log "restoring $file into '$PG_DBNAME'"
        # One transaction: a failed restore leaves the database as it was. Ownership and
        # grants are not restored: objects belong to the user in --url.
        pg_restore --dbname="$PG_SAFE_URL" --no-password --single-transaction --exit-on-error \
            --no-owner --no-privileges "${clean[@]}" "$file"
        ;;
    sqlite)
        need sqlite3 "Debian: sqlite3"
        target=$(sqlite_path "$url") || usage_error "no file in SQLite URL: $url"
        check_plain_path "$target"
        target_dir=$(dirname -- "$target")
        [[ -d $target_dir ]] || die "directory does not exist: $target_dir"
        if [[ -e $target ]]; then
            [[ $replace -eq 1 ]] || die "$target exists; pass --replace to move it aside and restore"
        fi
        confirm "SQLite file $target" "$(basename -- "$target")"
        tmp="$target_dir/.$(basename -- "$target").restore-$stamp"
        trap 'rm -f -- "$tmp"' EXIT
        case "$file" in
            *.gz) need gzip; gzip -dc -- "$file" >"$tmp" ;;
            *) cp -- "$file" "$tmp" ;;
        esac
        is_sqlite_file "$tmp" || die "$file does not contain an SQLite database"
        check=$(sqlite3 -bail "$tmp" "PRAGMA integrity_check;")
        [[ $check == ok ]] || die "integrity_check of the backup failed: $check"
        if [[ -e $target ]]; then
            # Keep owner and mode of the file the services use.
            chown --reference="$target" -- "$tmp" 2>/dev/null || log "warning: could not copy the owner of $target"
            chmod --reference="$target" -- "$tmp"
            for suffix in '' -wal -shm -journal; do
                if [[ -e $target$suffix ]]; then
                    mv -- "$target$suffix" "$target$suffix.pre-restore-$stamp"
                    log "moved aside: $target$suffix.pre-restore-$stamp"
                fi
            done
        else
            log "note: $target is new; make sure the service user owns it (chown hisaab:hisaab)"
        fi
        mv -- "$tmp" "$target"
        trap - EXIT
        ;;
esac

log "restore finished. Next: hisaab-migrate status (a backup from an older release needs"
log "hisaab-migrate up before the services start), then start the services."
