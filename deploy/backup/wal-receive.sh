#!/bin/sh
# Continuous WAL archiving without touching the server's configuration: pg_receivewal streams
# every WAL segment into WAL_ARCHIVE_DIR over a replication connection, through a replication
# slot, so nothing is lost while this process is down (the server keeps the WAL for it —
# bounded by max_slot_wal_keep_size; watch the disk). The alternative is archive_command in
# postgresql.conf (README.md). backup.sh prunes the folder to what the kept backups need.
#
#   BACKUP_DATABASE_URL (or DATABASE_URL), WAL_ARCHIVE_DIR (default /wal-archive),
#   WAL_SLOT (default komplan_wal), PG_BIN
set -eu
if [ -n "${PG_BIN:-}" ]; then PATH="$PG_BIN:$PATH"; fi
url="${BACKUP_DATABASE_URL:-${DATABASE_URL:-}}"
if [ -z "$url" ]; then echo "wal-receive: set BACKUP_DATABASE_URL or DATABASE_URL" >&2; exit 2; fi
archive="${WAL_ARCHIVE_DIR:-/wal-archive}"
slot="${WAL_SLOT:-komplan_wal}"
mkdir -p "$archive"
pg_receivewal -d "$url" --slot="$slot" --create-slot --if-not-exists --no-password
exec pg_receivewal -d "$url" -D "$archive" --slot="$slot" --synchronous --no-loop --no-password
