#!/bin/sh
# Restore a backup made by backup.sh into a new, empty data folder; with --start, start a
# server on it and verify it: every municipality in the registry has its schema.
#
#   restore.sh BACKUP_FOLDER NEW_DATA_DIR [--wal-archive DIR [--target-time TIME]]
#              [--start PORT] [--database NAME] [--user NAME]
#
# Without --wal-archive the cluster is as it was when the backup ended (its own WAL). With
# it, WAL from the archive is replayed after the backup: to the end of the archive, or to
# --target-time ('2026-12-03 14:00:00+00'), then the server is promoted. Run as the user who
# will own the data folder (postgres), with the PostgreSQL programs of the backed-up major
# version on PATH (or PG_BIN).
set -eu
if [ -n "${PG_BIN:-}" ]; then PATH="$PG_BIN:$PATH"; fi
usage() { echo "usage: restore.sh BACKUP_FOLDER NEW_DATA_DIR [--wal-archive DIR [--target-time TIME]] [--start PORT] [--database NAME] [--user NAME]" >&2; exit 2; }
[ $# -ge 2 ] || usage
backup="$1"; data="$2"; shift 2
wal_archive=""; target_time=""; port=""; database="${RESTORE_DATABASE:-komplan}"; user="${RESTORE_USER:-postgres}"
while [ $# -gt 0 ]; do
  case "$1" in
    --wal-archive) wal_archive="$2"; shift 2 ;;
    --target-time) target_time="$2"; shift 2 ;;
    --start) port="$2"; shift 2 ;;
    --database) database="$2"; shift 2 ;;
    --user) user="$2"; shift 2 ;;
    *) usage ;;
  esac
done
if [ -n "$target_time" ] && [ -z "$wal_archive" ]; then
  echo "restore: --target-time needs --wal-archive" >&2; exit 2
fi
test -s "$backup/backup_manifest" || { echo "restore: $backup is not a backup folder" >&2; exit 2; }
if [ -d "$data" ] && [ -n "$(ls -A "$data")" ]; then
  echo "restore: $data is not empty; restore into a new folder" >&2; exit 2
fi

mkdir -p "$data"
chmod 700 "$data"
unpack() {  # archive folder
  if [ -f "$1.gz" ]; then gzip -dc "$1.gz" | tar -xf - -C "$2"; else tar -xf "$1" -C "$2"; fi
}
unpack "$backup/base.tar" "$data"
mkdir -p "$data/pg_wal"
unpack "$backup/pg_wal.tar" "$data/pg_wal"
if [ -n "$wal_archive" ]; then
  {
    echo "restore_command = 'cp \"$wal_archive/%f\" \"%p\"'"
    if [ -n "$target_time" ]; then
      echo "recovery_target_time = '$target_time'"
      echo "recovery_target_action = 'promote'"
    fi
  } >> "$data/postgresql.auto.conf"
  touch "$data/recovery.signal"
fi
echo "restore: $backup unpacked into $data"
[ -n "$port" ] || exit 0

# The copy must not archive into the original's WAL archive, nor listen beyond loopback.
# Before recovery the server syncs the data folder: file by file by default — 2.5 million
# files at 9,000 municipalities, ~3.5 min; syncfs syncs the file system once (15 s there;
# Linux, PostgreSQL 14+).
pg_ctl -D "$data" -l "$data/restore.log" -w -t 600 start \
  -o "-p $port -c listen_addresses=127.0.0.1 -k '' -c archive_mode=off -c recovery_init_sync_method=syncfs"
# Recovery from the archive ends with a promotion; wait for it before checking.
for _ in $(seq 1 600); do
  [ "$(psql -h 127.0.0.1 -p "$port" -U "$user" -d "$database" -XAtqc 'SELECT pg_is_in_recovery()')" = "f" ] && break
  sleep 1
done
sql() { psql -h 127.0.0.1 -p "$port" -U "$user" -d "$database" -XAtq -v ON_ERROR_STOP=1 -c "$1"; }
municipalities="$(sql "SELECT count(*) FROM municipalities_municipality")"
missing="$(sql "SELECT count(*) FROM municipalities_municipality m WHERE NOT EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = m.schema_name)")"
schemas="$(sql "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'm\_%'")"
echo "restore: running on 127.0.0.1:$port — $municipalities municipalities, $schemas schemas, $missing without their schema"
[ "$missing" = "0" ] || { echo "restore: municipalities without their schema" >&2; exit 1; }
