# Shared by the bin/ scripts: toolchain, cache location, service bootstrap.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hisaab/target}"
mkdir -p "$CARGO_TARGET_DIR"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
warn() { printf '\033[33mwarning: %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31merror: %s\033[0m\n' "$*" >&2; exit 1; }

have() { command -v "$1" >/dev/null 2>&1; }

apt_install() {
  have apt-get || die "apt-get is not available: install $* by hand"
  # Not HISAAB_-prefixed: the servers these scripts start refuse HISAAB_*
  # variables that are not settings.
  if [ -z "${BIN_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq || warn "apt-get update failed"
    export BIN_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_rust() {
  if ! have cargo; then
    [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
  fi
  have cargo || die "cargo is not installed: install Rust with rustup (https://rustup.rs), then run this again"
}

ensure_postgres() {
  if ! have pg_ctlcluster && ! have pg_isready; then
    say "installing PostgreSQL"
    apt_install postgresql
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    say "starting PostgreSQL"
    local version
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)
    [ -n "$version" ] || die "PostgreSQL is installed but has no cluster in /etc/postgresql"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || die "cannot start PostgreSQL"
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL is not answering on 127.0.0.1:5432"
  # Trust auth for the postgres user on loopback is how the dev machines are set up.
  if ! psql -h 127.0.0.1 -U postgres -d test -c 'select 1' >/dev/null 2>&1; then
    psql -h 127.0.0.1 -U postgres -d postgres -c 'CREATE DATABASE test' >/dev/null 2>&1 \
      || su postgres -c "createdb test" >/dev/null 2>&1 || true
  fi
  psql -h 127.0.0.1 -U postgres -d test -c 'select 1' >/dev/null 2>&1 \
    || die "cannot connect as postgres@127.0.0.1/test (the tests expect trust auth on loopback)"
}

ensure_redis() {
  if ! have redis-server; then
    say "installing Redis"
    apt_install redis-server
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    say "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
    for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || die "Redis is not answering on 127.0.0.1:6379"
}
