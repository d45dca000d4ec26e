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

# An S3-compatible server for the bucket tests (ADR 0030): moto's server mode
# from PyPI (no MinIO binary can be installed here), installed once into a
# cached virtualenv, started on a free loopback port. Sets S3_TEST_URL and
# S3_TEST_PID (not HISAAB_-prefixed: servers refuse unknown HISAAB_*
# variables, and the previous release does not know HISAAB_TEST_S3_URL); the
# caller passes the URL to the test runs and stops the server by its pid.
ensure_s3() {
  local venv="$HOME/.cache/hisaab/moto-venv"
  if [ ! -x "$venv/bin/moto_server" ]; then
    say "installing moto (S3 server for the bucket tests) into $venv"
    python3 -m venv "$venv" || { apt_install python3-venv && python3 -m venv "$venv"; }
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'moto[server]>=5.1,<6'
  fi
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"${TMPDIR:-/tmp}/hisaab-moto-$port.log" 2>&1 &
  S3_TEST_PID=$!
  S3_TEST_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)" "$S3_TEST_URL/moto-api/" 2>/dev/null && return 0
    kill -0 "$S3_TEST_PID" 2>/dev/null || break
    sleep 0.1
  done
  die "the S3 test server (moto) did not start on $S3_TEST_URL (log: ${TMPDIR:-/tmp}/hisaab-moto-$port.log)"
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
