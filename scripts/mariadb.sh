#!/usr/bin/env bash
# Throwaway MariaDB server for the database tests (lambdas/api-user-id).
#
#   scripts/mariadb.sh start [DIR]   install mariadb-server if missing, start a
#                                    server whose files all live in DIR (a new
#                                    temp dir when omitted) on 127.0.0.1 and a
#                                    free port, wait until it answers, and print
#                                      export STRANGLER_MARIADB_DIR='DIR'
#                                      export STRANGLER_TEST_MYSQL_DSN='...'
#                                    on stdout (eval-able). Running it again
#                                    with the same DIR while the server is up
#                                    prints the same lines and starts nothing.
#   scripts/mariadb.sh stop DIR      stop that server (by its pid file) and
#                                    delete DIR.
#
# Usage from a shell:
#   eval "$(scripts/mariadb.sh start)"
#   go test ./lambdas/...
#   scripts/mariadb.sh stop "$STRANGLER_MARIADB_DIR"
#
# The tests call this script themselves when STRANGLER_TEST_MYSQL_DSN is unset.
# Progress and errors go to stderr; stdout carries only the export lines.
set -euo pipefail

DB_USER=strangler
DB_PASS=strangler-test

log() { printf 'mariadb.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

find_server() {
	local b
	for b in mariadbd mysqld /usr/sbin/mariadbd /usr/sbin/mysqld; do
		if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
	done
	return 1
}

install_server() {
	find_server >/dev/null && return 0
	log "mariadb-server not found; installing it with apt-get"
	local sudo=()
	if [ "$(id -u)" != 0 ]; then
		command -v sudo >/dev/null 2>&1 || die "mariadb-server is missing and we are not root (no sudo either)"
		sudo=(sudo -n)
	fi
	command -v apt-get >/dev/null 2>&1 || die "mariadb-server is missing and apt-get is not available"
	"${sudo[@]}" apt-get update >&2 || die "apt-get update failed"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends mariadb-server >&2 \
		|| die "apt-get install mariadb-server failed"
	find_server >/dev/null || die "mariadb-server installed but no mariadbd/mysqld binary found"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
	local p i
	for i in $(seq 1 50); do
		p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
		if ! port_in_use "$p"; then echo "$p"; return 0; fi
	done
	die "no free TCP port found on 127.0.0.1"
}

client() {
	local c
	c=$(command -v mariadb || command -v mysql) || die "no mariadb/mysql client binary"
	"$c" --no-defaults --protocol=socket --socket="$1/mysqld.sock" -uroot "${@:2}"
}

server_alive() {
	local dir=$1 pid
	[ -f "$dir/mariadbd.pid" ] || return 1
	pid=$(cat "$dir/mariadbd.pid")
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

print_env() {
	local dir=$1 port
	port=$(cat "$dir/port")
	printf "export STRANGLER_MARIADB_DIR='%s'\n" "$dir"
	printf "export STRANGLER_TEST_MYSQL_DSN='%s:%s@tcp(127.0.0.1:%s)/'\n" "$DB_USER" "$DB_PASS" "$port"
}

start() {
	local dir=${1:-}
	if [ -z "$dir" ]; then
		dir=$(mktemp -d "${TMPDIR:-/tmp}/strangler-mariadb.XXXXXX")
	fi
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	if server_alive "$dir" && [ -f "$dir/port" ] && client "$dir" -e 'SELECT 1' >/dev/null 2>&1; then
		log "server already running in $dir"
		print_env "$dir"
		return 0
	fi

	install_server
	local server
	server=$(find_server)
	local install_db
	install_db=$(command -v mariadb-install-db || command -v mysql_install_db) \
		|| die "mariadb-install-db not found"

	local as_user=()
	if [ "$(id -u)" = 0 ]; then as_user=(--user=root); fi

	if [ ! -d "$dir/data/mysql" ]; then
		log "initialising datadir $dir/data"
		"$install_db" --no-defaults --auth-root-authentication-method=normal \
			--datadir="$dir/data" "${as_user[@]}" --skip-test-db --skip-name-resolve \
			>"$dir/install.log" 2>&1 || { tail -n 30 "$dir/install.log" >&2; die "mariadb-install-db failed"; }
	fi

	local attempt port pid
	for attempt in 1 2 3 4 5; do
		port=$(free_port)
		log "starting $server on 127.0.0.1:$port (attempt $attempt)"
		rm -f "$dir/mariadbd.pid"
		# Detach completely: callers (go test) wait for our stdout to close.
		nohup "$server" --no-defaults --datadir="$dir/data" "${as_user[@]}" \
			--bind-address=127.0.0.1 --port="$port" --socket="$dir/mysqld.sock" \
			--pid-file="$dir/mariadbd.pid" --log-error="$dir/error.log" \
			--skip-name-resolve --skip-log-bin --innodb-buffer-pool-size=32M \
			--innodb-log-file-size=16M --max-connections=50 \
			</dev/null >/dev/null 2>&1 &
		pid=$!
		echo "$pid" >"$dir/mariadbd.launcher.pid"
		local i
		for i in $(seq 1 120); do
			if client "$dir" -e 'SELECT 1' >/dev/null 2>&1; then
				echo "$port" >"$dir/port"
				client "$dir" -e "CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
					GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'127.0.0.1';" \
					|| die "could not create the test user"
				log "server up (pid $(cat "$dir/mariadbd.pid" 2>/dev/null || echo "$pid"))"
				print_env "$dir"
				return 0
			fi
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		if kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
			tail -n 30 "$dir/error.log" >&2 || true
			die "server did not answer within 60s"
		fi
		if ! grep -q "Address already in use\|Can't start server: Bind" "$dir/error.log" 2>/dev/null; then
			tail -n 30 "$dir/error.log" >&2 || true
			die "server exited during start-up"
		fi
		log "port $port was taken, retrying"
	done
	die "could not start the server after 5 attempts"
}

stop() {
	local dir=${1:-}
	[ -n "$dir" ] || die "usage: $0 stop DIR"
	[ -d "$dir" ] || { log "$dir does not exist; nothing to stop"; return 0; }
	local pid=""
	if [ -f "$dir/mariadbd.pid" ]; then pid=$(cat "$dir/mariadbd.pid"); fi
	if [ -z "$pid" ] && [ -f "$dir/mariadbd.launcher.pid" ]; then pid=$(cat "$dir/mariadbd.launcher.pid"); fi
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid"
		local i
		for i in $(seq 1 60); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		if kill -0 "$pid" 2>/dev/null; then
			log "server $pid did not stop in 30s; sending SIGKILL"
			kill -9 "$pid" 2>/dev/null || true
		fi
	fi
	# Only delete directories this script set up.
	if [ -d "$dir/data" ] || [ -f "$dir/port" ] || [ -f "$dir/install.log" ]; then
		rm -rf "$dir"
	fi
	log "stopped"
}

case "${1:-}" in
start) start "${2:-}" ;;
stop) stop "${2:-}" ;;
*) echo "usage: $0 start [DIR] | stop DIR" >&2; exit 2 ;;
esac
