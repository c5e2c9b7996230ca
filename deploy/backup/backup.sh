#!/bin/sh
# Physical backup of the whole PostgreSQL cluster (every municipality's schema, one snapshot):
# pg_basebackup in tar format with the WAL streamed alongside, so each backup restores alone;
# with WAL archiving on (README.md), any moment since the oldest kept backup can be restored.
#
#   BACKUP_DATABASE_URL  a role with REPLICATION (falls back to DATABASE_URL)
#   BACKUP_DIR           where backups go, one folder each (default /backups)
#   BACKUP_KEEP          how many to keep (default 7)
#   BACKUP_COMPRESS      gzip (default) or none
#   WAL_ARCHIVE_DIR      the archive_command's folder: pruned to what the kept backups need
#   BACKUP_AFTER         a shell command run with the new folder as $1 (e.g. copy it offsite)
#   PG_BIN               a folder of PostgreSQL client programs to use first
#
# Restore: restore.sh (README.md). Never a whole-database pg_dump at this size: it needs a lock
# per relation (manage.py backup_check).
set -eu
if [ -n "${PG_BIN:-}" ]; then PATH="$PG_BIN:$PATH"; fi
url="${BACKUP_DATABASE_URL:-${DATABASE_URL:-}}"
if [ -z "$url" ]; then echo "backup: set BACKUP_DATABASE_URL or DATABASE_URL" >&2; exit 2; fi
dir="${BACKUP_DIR:-/backups}"
keep="${BACKUP_KEEP:-7}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
# One folder per second: a second backup within the same second waits for the next one, or
# its folder would be moved *into* the first's instead of beside it.
while [ -e "$dir/$stamp" ] || [ -e "$dir/.partial-$stamp" ]; do
  sleep 1; stamp="$(date -u +%Y%m%dT%H%M%SZ)"
done
target="$dir/$stamp"
partial="$dir/.partial-$stamp"
case "${BACKUP_COMPRESS:-gzip}" in
  gzip) compress="-z"; suffix=".gz" ;;
  none) compress=""; suffix="" ;;
  *) echo "backup: BACKUP_COMPRESS is gzip or none" >&2; exit 2 ;;
esac

mkdir -p "$dir"
trap 'rm -rf "$partial"' EXIT
started=$(date +%s)
# The WAL segment in use before the backup starts: the backup needs nothing older, so the
# archive can be pruned up to the oldest kept backup's segment.
wal_start="$(psql "$url" -XAtqc "SELECT pg_walfile_name(pg_current_wal_lsn())")"
# shellcheck disable=SC2086
pg_basebackup -d "$url" -D "$partial" --format=tar --wal-method=stream $compress \
  --checkpoint=fast --label="komplan $stamp" --no-password
# Whole and readable before it counts as a backup (pg_verifybackup reads only plain-format
# backups before PostgreSQL 18): the manifest is there, every tar lists to its end.
test -s "$partial/backup_manifest"
for archive in "$partial/base.tar$suffix" "$partial/pg_wal.tar$suffix"; do
  if [ -n "$suffix" ]; then gzip -dc "$archive" | tar -tf - >/dev/null
  else tar -tf "$archive" >/dev/null; fi
done
echo "$wal_start" > "$partial/wal_start"
mv "$partial" "$target"
echo "backup: $target ($(du -sh "$target" | cut -f1), $(( $(date +%s) - started )) s)"

# Retention: the newest $keep folders stay; the WAL archive keeps what the oldest one needs.
ls -1 "$dir" | grep -E '^[0-9]{8}T[0-9]{6}Z$' | sort -r | tail -n +"$((keep + 1))" |
  while read -r old; do rm -rf "${dir:?}/$old"; echo "backup: removed $old"; done
if [ -n "${WAL_ARCHIVE_DIR:-}" ] && [ -d "$WAL_ARCHIVE_DIR" ]; then
  oldest="$(ls -1 "$dir" | grep -E '^[0-9]{8}T[0-9]{6}Z$' | sort | head -n 1)"
  pg_archivecleanup "$WAL_ARCHIVE_DIR" "$(cat "$dir/$oldest/wal_start")"
fi
if [ -n "${BACKUP_AFTER:-}" ]; then sh -c "$BACKUP_AFTER" backup-after "$target"; fi
