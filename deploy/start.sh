#!/bin/sh
# Container entry point: `start.sh web|worker|documents|beat|migrate`.
# Celery node names are <role>[-<KOMPLAN_INSTANCE>]@<host>, the rule `python -m workers.health
# <role>` pings by (workers/health.py); the container's hostname already makes them unique.
set -eu
here="$(dirname "$0")"
suffix="${KOMPLAN_INSTANCE:+-$KOMPLAN_INSTANCE}"
case "${1:-web}" in
  migrate) python manage.py deploy_migrate --refill-spares
           if [ "${KOMPLAN_DEMO:-0}" = "1" ]; then python manage.py seed_demo; fi ;;
  # Port (PORT, default 8000) and access log in gunicorn.conf.py.
  web)     exec gunicorn hub.wsgi -c "$here/gunicorn.conf.py" -w "${WEB_WORKERS:-3}" --threads 4 \
             --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" ;;
  worker)  exec celery -A workers worker -Q default -c "${WORKER_CONCURRENCY:-2}" -l info \
             --max-tasks-per-child 200 -n "default$suffix@%h" ;;
  # PDF rendering: its own queue; typst's memory grows per render, so children are recycled
  # after 10 tasks or 350 MB resident (bench/documents.py).
  documents) exec celery -A workers worker -Q documents -c "${DOCUMENTS_CONCURRENCY:-1}" -l info \
             --max-tasks-per-child "${DOCUMENTS_MAX_TASKS_PER_CHILD:-10}" \
             --max-memory-per-child "${DOCUMENTS_MAX_MEMORY_KB:-350000}" -n "documents$suffix@%h" ;;
  # Remote control makes beat answer `python -m workers.health beat` while its scheduler ticks.
  beat)    exec celery -A workers beat -l info -s /tmp/celerybeat-schedule \
             --enable-remote-control -n "beat$suffix@%h" ;;
  *)       exec "$@" ;;
esac
