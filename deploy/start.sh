#!/bin/sh
# Container entry point: `start.sh web|worker|documents|beat|migrate`.
set -eu
case "${1:-web}" in
  migrate) python manage.py deploy_migrate --refill-spares
           if [ "${KOMPLAN_DEMO:-0}" = "1" ]; then python manage.py seed_demo; fi ;;
  web)     exec gunicorn hub.wsgi -b 0.0.0.0:8000 -w "${WEB_WORKERS:-3}" --threads 4 \
             --access-logfile - --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" ;;
  worker)  exec celery -A workers worker -Q default -c "${WORKER_CONCURRENCY:-2}" -l info \
             --max-tasks-per-child 200 -n "default@%h" ;;
  # PDF rendering: its own queue; typst's memory grows per render, so children are recycled
  # after 10 tasks or 350 MB resident (bench/documents.py).
  documents) exec celery -A workers worker -Q documents -c "${DOCUMENTS_CONCURRENCY:-1}" -l info \
             --max-tasks-per-child "${DOCUMENTS_MAX_TASKS_PER_CHILD:-10}" \
             --max-memory-per-child "${DOCUMENTS_MAX_MEMORY_KB:-350000}" -n "documents@%h" ;;
  beat)    exec celery -A workers beat -l info -s /tmp/celerybeat-schedule ;;
  *)       exec "$@" ;;
esac
