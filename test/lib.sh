# test/lib.sh: shared by test/run-tests, test/demo and bench/run.
# Installs what is missing, builds and installs confiture, and runs a
# throwaway PostgreSQL cluster in a temporary directory (Unix socket only).
# Never touches a system cluster.

set -euo pipefail

PG_MAJOR=${PG_MAJOR:-15}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Each stage starts with a "== what" line; the next one first says how long
# the previous stage took, so the logs show where the time goes.
STAGE_NAME='' STAGE_START=$SECONDS
say() {
	if [ -n "$STAGE_NAME" ]; then printf '(%s: %d s)\n' "$STAGE_NAME" $((SECONDS - STAGE_START)); fi
	STAGE_NAME=$*
	STAGE_START=$SECONDS
	printf '\n== %s\n' "$*"
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages named, when any of them is missing.
ensure_packages() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		say "installing ${missing[*]}"
		as_root apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
}

# PostgreSQL 13's common/sha2.h (used by src/sha256.c) includes OpenSSL's
# header when the server was built with OpenSSL, as Debian's is.
OPENSSL_HEADERS=
if [ "$PG_MAJOR" -lt 14 ]; then OPENSSL_HEADERS=libssl-dev; fi

ensure_base_packages() {
	ensure_packages make gcc libc6-dev libyaml-dev $OPENSSL_HEADERS "postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR" \
		"postgresql-client-$PG_MAJOR" "postgresql-$PG_MAJOR-cron" ca-certificates "$@"
}

PG_BIN=/usr/lib/postgresql/$PG_MAJOR/bin
PG_CONFIG=$PG_BIN/pg_config
export PATH="$PG_BIN:$PATH"

# Builds with warnings as errors and installs into the server's directories.
build_and_install() {
	say "building confiture (warnings are errors)"
	make -C "$REPO" -s PG_CONFIG="$PG_CONFIG" clean >/dev/null
	make -C "$REPO" -s PG_CONFIG="$PG_CONFIG"
	as_root make -C "$REPO" -s PG_CONFIG="$PG_CONFIG" install
}

# The server refuses to run as root: use the unprivileged postgres account.
RUN_USER=$(id -un)
if [ "$(id -u)" -eq 0 ]; then RUN_USER=postgres; fi

as_run_user() {
	if [ "$(id -un)" = "$RUN_USER" ]; then "$@"; else runuser -u "$RUN_USER" -- "$@"; fi
}

# Makes a private work directory the cluster's user owns.
make_workdir() {
	WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/confiture.XXXXXX")
	chmod 755 "$WORKDIR"
	if [ "$(id -u)" -eq 0 ]; then chown "$RUN_USER" "$WORKDIR"; fi
	export WORKDIR
}

# Starts a cluster in $WORKDIR/data listening only on a socket in $WORKDIR.
start_cluster() {
	export PGHOST=$WORKDIR PGPORT=${PGPORT:-54329} PGUSER=$RUN_USER PGDATABASE=postgres
	as_run_user initdb -D "$WORKDIR/data" -A trust -U "$RUN_USER" -E UTF8 --locale=C.UTF-8 >"$WORKDIR/initdb.log"
	as_run_user pg_ctl -D "$WORKDIR/data" -l "$WORKDIR/server.log" -w -s \
		-o "-c listen_addresses='' -c unix_socket_directories='$WORKDIR' -p $PGPORT $*" start
	trap stop_cluster EXIT
}

# Stops the cluster now (idempotent); the EXIT trap calls it again, harmlessly.
halt_cluster() {
	if [ -n "${WORKDIR:-}" ] && [ -f "$WORKDIR/data/postmaster.pid" ]; then
		as_run_user pg_ctl -D "$WORKDIR/data" -m immediate -s stop || true
	fi
}

stop_cluster() {
	local rc=$?
	halt_cluster
	if [ "$rc" -ne 0 ] && [ -f "${WORKDIR:-/nonexistent}/server.log" ]; then
		echo "--- last lines of the server log ($WORKDIR/server.log):"
		tail -n 30 "$WORKDIR/server.log"
	fi
	if [ "$rc" -eq 0 ] && [ -n "${WORKDIR:-}" ] && [ -z "${KEEP_WORKDIR:-}" ]; then rm -rf "$WORKDIR"; fi
	exit "$rc"
}

# Copies a folder of the repo under $WORKDIR, so the server's user can read it
# wherever the repo is checked out.
stage() {
	local from=$1 to=$2
	mkdir -p "$(dirname "$WORKDIR/$to")"
	cp -a "$REPO/$from" "$WORKDIR/$to"
	if [ "$(id -u)" -eq 0 ]; then chown -R "$RUN_USER" "$(dirname "$WORKDIR/$to")"; fi
}

# Stages each folder of test/trees/<tree>_edits as <tree>_<folder>: a copy of
# <tree> with that folder's files laid over it.
stage_edits() {
	local tree=$1 edit
	for edit in "$REPO/test/trees/${tree}_edits"/*/; do
		edit=$(basename "$edit")
		cp -a "$WORKDIR/trees/$tree" "$WORKDIR/trees/${tree}_$edit"
		(cd "$REPO/test/trees/${tree}_edits/$edit" && find . -name '*.sql' -exec cp --parents {} "$WORKDIR/trees/${tree}_$edit/" \;)
	done
}

# Stages every fixture tree under $WORKDIR/trees, readable by the server,
# with the files git cannot carry (a sparse 1 GB file, an unreadable file,
# an edited copy of the views tree), and points the suites at it.
stage_fixtures() {
	stage test/trees trees
	stage examples/blog/db trees/blog
	truncate -s $((1024 * 1024 * 1024 + 1)) "$WORKDIR/trees/errors/huge/1_big.sql"
	chmod 000 "$WORKDIR/trees/errors/unreadable/1_secret.sql"
	cp -a "$WORKDIR/trees/views" "$WORKDIR/trees/views_edited"
	(cd "$REPO/test/trees/views_edit" && find . -name '*.sql' -exec cp --parents {} "$WORKDIR/trees/views_edited/" \;)
	stage_edits safety
	stage_edits keep_rows
	stage_edits keep_rows_parts
	stage_edits keep_rows_dumped
	stage_edits keep_rows_rowtype
	if [ "$(id -u)" -eq 0 ]; then chown -R "$RUN_USER" "$WORKDIR/trees"; fi
	# The suites find the trees through this setting, so no path is in any output.
	export PGOPTIONS="-c confiture_test.trees=$WORKDIR/trees"
	export CONFITURE_TEST_TREES=$WORKDIR/trees
}
