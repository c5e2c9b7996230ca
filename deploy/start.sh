#!/bin/sh
# Container entry point: `start.sh web|worker|documents|beat|migrate`.
# Celery node names are <role>[-<KOMPLAN_INSTANCE>]@<host>, the rule `python -m workers.health
# <role>` pings by (workers/health.py); the container's hostname already makes them unique.
# The role goes to $TMPDIR/komplan-role for the image's HEALTHCHECK (deploy/healthcheck.py).
set -eu
here="$(dirname "$0")"
suffix="${KOMPLAN_INSTANCE:+-$KOMPLAN_INSTANCE}"
role="${1:-web}"
echo "$role" > "${TMPDIR:-/tmp}/komplan-role" 2>/dev/null || true
case "$role" in
  migrate) python manage.py deploy_migrate --refill-spares
           if [ "${KOMPLAN_DEMO:-0}" = "1" ]; then python manage.py seed_demo; fi ;;
  # Port, workers, threads, timeouts, recycling, trusted proxies: deploy/gunicorn.conf.py.
  web)     exec gunicorn hub.wsgi -c "$here/gunicorn.conf.py" ;;
  worker)  exec celery -A workers worker -Q default -c "${WORKER_CONCURRENCY:-2}" -l info \
             --max-tasks-per-child "${WORKER_MAX_TASKS_PER_CHILD:-200}" -n "default$suffix@%h" ;;
  # PDF rendering: its own queue; typst's memory grows per render, so children are recycled
  # after 10 tasks or 350 MB resident (bench/documents.py). A container's memory limit must
  # hold the parent (~100 MiB) + DOCUMENTS_CONCURRENCY × (DOCUMENTS_MAX_MEMORY_KB + one render).
  documents) exec celery -A workers worker -Q documents -c "${DOCUMENTS_CONCURRENCY:-1}" -l info \
             --max-tasks-per-child "${DOCUMENTS_MAX_TASKS_PER_CHILD:-10}" \
             --max-memory-per-child "${DOCUMENTS_MAX_MEMORY_KB:-350000}" -n "documents$suffix@%h" ;;
  # Remote control makes beat answer `python -m workers.health beat` while its scheduler ticks.
  # Its schedule file is scratch (the schedule itself is in workers/celery.py): /tmp.
  beat)    exec celery -A workers beat -l info -s "${TMPDIR:-/tmp}/celerybeat-schedule" \
             --enable-remote-control -n "beat$suffix@%h" ;;
  *)       exec "$@" ;;
esac
