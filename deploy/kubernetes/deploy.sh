#!/bin/sh
# One release to Kubernetes, in order: render, migrate, roll out, wait.
#   deploy/kubernetes/deploy.sh <image tag> [overlay folder, default overlays/production]
# Needs kubectl (with its built-in kustomize) pointed at the cluster, the Secrets
# komplan-secrets and komplan-pgbouncer-userlist already made (README.md beside this file).
set -eu
tag="$1"
here="$(cd "$(dirname "$0")" && pwd)"
overlay="${2:-$here/overlays/production}"
namespace="$(sed -n 's/^namespace: //p' "$overlay/kustomization.yaml")"
rendered="$(mktemp)"
trap 'rm -f "$rendered" "$rendered.job"' EXIT

# 1. Render with the release's image tag (the overlay's own file is left as committed).
#    The app image and the backup image (deploy/backup/Dockerfile) share the release's tag.
kubectl kustomize "$overlay" | sed "s#\(image: .*/komplan\(-backup\)\{0,1\}\):[^ ]*#\1:$tag#" > "$rendered"

# 2. The Secrets are the operator's (never in the repository): they must exist.
kubectl -n "$namespace" get secret komplan-secrets komplan-pgbouncer-userlist >/dev/null

# 3. The migration, to completion, before any new pod starts. A Job's pod template cannot
#    change, so last release's finished Job is removed first.
kubectl -n "$namespace" delete job/komplan-migrate --ignore-not-found --wait=true
# What the Job needs, and the Job: settings, service account, PgBouncer (PyYAML: `make install`).
"${PYTHON:-python3}" - "$rendered" > "$rendered.job" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
yaml.safe_dump_all([d for d in docs if d["kind"] in ("ConfigMap", "ServiceAccount", "Job")
                    or d["metadata"]["name"] in ("komplan-pgbouncer", "pgbouncer")], sys.stdout)
PY
kubectl -n "$namespace" apply -f "$rendered.job"
kubectl -n "$namespace" wait --for=condition=complete job/komplan-migrate --timeout=3600s

# 4. Everything else; web rolls one pod at a time (maxUnavailable 0), beat is replaced.
kubectl -n "$namespace" apply -f "$rendered"
for deployment in komplan-web komplan-worker komplan-documents komplan-beat; do
  kubectl -n "$namespace" rollout status "deployment/$deployment" --timeout=900s
done
