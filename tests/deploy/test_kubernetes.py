"""deploy/kubernetes/, rendered offline (deploy/k8s_render.py) and validated against the target
Kubernetes version's schemas (kubernetes-validate ships them: no network), then read as an
operator would: one beat, probes on the health endpoints, non-root pods with read-only roots,
PgBouncer in session mode, memory that fits the render recycling, no secret in the repo."""

import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from deploy.k8s_render import RenderError, merge, render

ROOT = Path(__file__).resolve().parents[2]
KUBE = ROOT / "deploy" / "kubernetes"
# The oldest Kubernetes the manifests promise to run on (README: Kubernetes).
TARGET_VERSION = "1.33.0"
BASE = render(KUBE / "base")
PRODUCTION = render(KUBE / "overlays" / "production")
APP_WORKLOADS = ("komplan-web", "komplan-worker", "komplan-documents", "komplan-beat")


def _find(objects, kind, name):
    [found] = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    return found


def _pod(obj):
    if obj["kind"] == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return obj["spec"]["template"]["spec"]


def _mebibytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)(Mi|Gi)", quantity).groups()
    return float(number) * (1024 if unit == "Gi" else 1)


@pytest.mark.parametrize("overlay", ["base", "production"])
def test_every_object_is_valid_for_the_target_kubernetes(overlay):
    objects = BASE if overlay == "base" else PRODUCTION
    assert len(objects) == 19
    for obj in objects:
        # strict: an unknown or misspelt field is an error, not silently dropped.
        kubernetes_validate.validate(obj, TARGET_VERSION, strict=True)


def test_the_validation_is_not_blind():
    web = _find(BASE, "Deployment", "komplan-web")
    broken = merge(web, {"spec": {"replicas": "two"}})
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, TARGET_VERSION, strict=True)
    misspelt = merge(web, {"spec": {"template": {"spec": {"containers": [
        {"name": "web", "livenesProbe": {"httpGet": {"path": "/healthz", "port": 8000}}}]}}}})
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(misspelt, TARGET_VERSION, strict=True)


def test_production_sets_namespace_image_and_sizes():
    assert {o["metadata"].get("namespace") for o in PRODUCTION} == {"komplan"}
    images = {c["image"] for o in PRODUCTION if o["kind"] in ("Deployment", "Job", "CronJob")
              for c in _pod(o)["containers"]}
    assert images == {"registry.example/komplan:1.0.0", "registry.example/komplan-backup:1.0.0",
                      "docker.io/edoburu/pgbouncer:v1.24.1-p1"}
    assert _find(PRODUCTION, "HorizontalPodAutoscaler", "komplan-web")["spec"]["minReplicas"] == 3
    config = _find(PRODUCTION, "ConfigMap", "komplan-config")["data"]
    assert config["WEB_WORKERS"] == "3" and config["PLATFORM_SCHEME"] == "https"


def test_exactly_one_beat_replaced_not_rolled():
    for objects in (BASE, PRODUCTION):
        beat = _find(objects, "Deployment", "komplan-beat")
        assert beat["spec"]["replicas"] == 1
        assert beat["spec"]["strategy"] == {"type": "Recreate"}
        assert not [o for o in objects if o["kind"] == "HorizontalPodAutoscaler"
                    and o["spec"]["scaleTargetRef"]["name"] == "komplan-beat"]


def test_roles_and_probes():
    roles = {name: _pod(_find(PRODUCTION, "Deployment", name))["containers"][0]
             for name in APP_WORKLOADS}
    assert {name: c["args"] for name, c in roles.items()} == {
        "komplan-web": ["web"], "komplan-worker": ["worker"],
        "komplan-documents": ["documents"], "komplan-beat": ["beat"]}
    web = roles["komplan-web"]
    assert web["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert web["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert web["startupProbe"]["httpGet"]["path"] == "/healthz"
    for name, queue in (("komplan-worker", "default"), ("komplan-documents", "documents"),
                        ("komplan-beat", "beat")):
        assert roles[name]["livenessProbe"]["exec"]["command"] == [
            "python", "-m", "workers.health", queue]
    hpa = _find(PRODUCTION, "HorizontalPodAutoscaler", "komplan-web")["spec"]
    assert hpa["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment",
                                     "name": "komplan-web"}
    grace = _pod(_find(PRODUCTION, "Deployment", "komplan-web"))["terminationGracePeriodSeconds"]
    config = _find(PRODUCTION, "ConfigMap", "komplan-config")["data"]
    assert grace > int(config["WEB_GRACEFUL_TIMEOUT"]) + 5  # + the pre-stop pause


def test_the_migration_job_runs_deploy_migrate_before_the_rollout():
    job = _find(PRODUCTION, "Job", "komplan-migrate")
    assert _pod(job)["containers"][0]["args"] == ["migrate"]
    assert _pod(job)["restartPolicy"] == "Never"
    assert job["metadata"]["annotations"]["argocd.argoproj.io/hook"] == "PreSync"
    start = (ROOT / "deploy" / "start.sh").read_text()
    assert "migrate) python manage.py deploy_migrate" in start
    script = (KUBE / "deploy.sh").read_text()
    assert script.index("job/komplan-migrate") < script.index("rollout status")


def test_every_pod_runs_as_nobody_with_a_read_only_root_and_a_writable_tmp():
    for obj in PRODUCTION:
        if obj["kind"] not in ("Deployment", "Job", "CronJob"):
            continue
        pod = _pod(obj)
        assert pod["securityContext"]["runAsNonRoot"] is True, obj["metadata"]["name"]
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert pod.get("automountServiceAccountToken") is False or \
            _find(PRODUCTION, "ServiceAccount", pod["serviceAccountName"])[
                "automountServiceAccountToken"] is False
        for container in pod["containers"]:
            context = container["securityContext"]
            assert context == {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                               "capabilities": {"drop": ["ALL"]}}, obj["metadata"]["name"]
            mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
            assert mounts["/tmp"] == "tmp"
            assert {"name": "tmp"}.items() <= next(
                v for v in pod["volumes"] if v["name"] == "tmp").items()
            assert "memory" in container["resources"]["limits"]


def test_the_documents_memory_limit_holds_the_recycling_budget():
    """parent + concurrency × (recycling threshold + one render's growth) must fit the limit:
    a render process is only replaced after the task that crossed DOCUMENTS_MAX_MEMORY_KB."""
    parent_mib, render_growth_mib = 120, 230  # bench/documents.py: 224 MiB for 180 pages
    for objects in (BASE, PRODUCTION):
        config = _find(objects, "ConfigMap", "komplan-config")["data"]
        container = _pod(_find(objects, "Deployment", "komplan-documents"))["containers"][0]
        env = {e["name"]: e["value"] for e in container.get("env", [])}
        concurrency = int(env.get("DOCUMENTS_CONCURRENCY", config["DOCUMENTS_CONCURRENCY"]))
        threshold_mib = int(config["DOCUMENTS_MAX_MEMORY_KB"]) / 1024
        needed = parent_mib + concurrency * (threshold_mib + render_growth_mib)
        limit = _mebibytes(container["resources"]["limits"]["memory"])
        assert needed <= limit < needed * 1.25, (concurrency, needed, limit)


def test_disruption_budgets_keep_web_and_workers_serving():
    budgets = {o["metadata"]["name"]: o["spec"] for o in PRODUCTION
               if o["kind"] == "PodDisruptionBudget"}
    assert budgets == {
        "komplan-web": {"minAvailable": 1, "selector": {"matchLabels": {
            "app.kubernetes.io/name": "komplan-web"}}},
        "komplan-worker": {"maxUnavailable": 1, "selector": {"matchLabels": {
            "app.kubernetes.io/name": "komplan-worker"}}},
        "komplan-documents": {"maxUnavailable": 1, "selector": {"matchLabels": {
            "app.kubernetes.io/name": "komplan-documents"}}},
        "komplan-pgbouncer": {"minAvailable": 1, "selector": {"matchLabels": {
            "app.kubernetes.io/name": "komplan-pgbouncer"}}},
    }


def test_pgbouncer_pools_by_session_never_by_transaction():
    ini = _find(PRODUCTION, "ConfigMap", "komplan-pgbouncer")["data"]["pgbouncer.ini"]
    settings = dict(re.findall(r"^(\w+) = (.+)$", ini, re.MULTILINE))
    assert settings["pool_mode"] == "session"
    assert settings["server_reset_query"] == "DISCARD ALL"
    assert "transaction" not in settings["pool_mode"]


def test_no_secret_in_the_repository_and_every_pod_reads_the_operators():
    assert not [o for o in BASE + PRODUCTION if o["kind"] == "Secret"]
    text = "\n".join(p.read_text() for p in KUBE.rglob("*.yaml"))
    assert "SECRET_KEY:" not in text and "S3_SECRET_ACCESS_KEY:" not in text
    for name in APP_WORKLOADS:
        refs = _pod(_find(PRODUCTION, "Deployment", name))["containers"][0]["envFrom"]
        assert {"secretRef": {"name": "komplan-secrets"}} in refs
    keys = [line.split("=")[0] for line in (KUBE / "secrets.env.example").read_text().splitlines()
            if line and not line.startswith("#")]
    assert keys == ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "S3_ACCESS_KEY_ID",
                    "S3_SECRET_ACCESS_KEY", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
                    "SENTRY_DSN"]


def test_the_backup_cronjob_runs_one_at_a_time():
    backup = _find(PRODUCTION, "CronJob", "komplan-backup")
    assert backup["spec"]["concurrencyPolicy"] == "Forbid"
    pod = _pod(backup)
    [container] = pod["containers"]
    assert container["args"] == ["/app/deploy/backup/backup.sh"]
    # The script is in the repository and in the image the job runs.
    assert (ROOT / "deploy" / "backup" / "backup.sh").stat().st_mode & 0o111
    assert "deploy/backup/backup.sh" in (ROOT / "deploy" / "backup" / "Dockerfile").read_text()
    assert container["image"] == "registry.example/komplan-backup:1.0.0"
    # Replication does not pass PgBouncer: its own URL from its own Secret, not the app's.
    assert container["envFrom"] == [{"secretRef": {"name": "komplan-backup"}}]
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env["BACKUP_DIR"] == "/backups" and int(env["BACKUP_KEEP"]) >= 1
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volume = next(v for v in pod["volumes"] if v["name"] == mounts["/backups"])
    claim = _find(PRODUCTION, "PersistentVolumeClaim", volume["persistentVolumeClaim"]["claimName"])
    assert claim["spec"]["resources"]["requests"]["storage"]
    assert pod["securityContext"]["fsGroup"] == pod["securityContext"]["runAsGroup"]
    # deploy.sh gives the backup image the release's tag too.
    script = (KUBE / "deploy.sh").read_text()
    assert "komplan\\(-backup\\)" in script


def test_the_renderer_merges_named_lists_and_refuses_what_it_does_not_know(tmp_path):
    base = {"spec": {"containers": [{"name": "a", "image": "x", "env": [{"name": "A",
                                                                         "value": "1"}]},
                                    {"name": "b", "image": "y"}], "replicas": 1}}
    patch = {"spec": {"containers": [{"name": "a", "env": [{"name": "B", "value": "2"}]}],
                      "replicas": 3}}
    assert merge(base, patch) == {"spec": {"containers": [
        {"name": "a", "image": "x", "env": [{"name": "A", "value": "1"},
                                            {"name": "B", "value": "2"}]},
        {"name": "b", "image": "y"}], "replicas": 3}}
    (tmp_path / "kustomization.yaml").write_text(yaml.safe_dump(
        {"resources": [], "configMapGenerator": [{"name": "x"}]}))
    with pytest.raises(RenderError, match="configMapGenerator"):
        render(tmp_path)
