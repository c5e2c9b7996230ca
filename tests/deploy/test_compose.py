"""docker-compose.yml, read as the engine would: every long-running service comes back and
says whether it is healthy; nothing starts before its dependencies are ready."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP = ("web", "worker", "documents", "beat")


BACKUP = ("backup", "wal-archive")


def test_every_long_running_service_restarts_and_the_one_shot_does_not():
    assert {name: service.get("restart") for name, service in SERVICES.items()} == {
        "postgres": "unless-stopped", "redis": "unless-stopped", "migrate": "no",
        "web": "unless-stopped", "worker": "unless-stopped", "documents": "unless-stopped",
        "beat": "unless-stopped", "backup": "no", "wal-archive": "unless-stopped"}


def test_every_long_running_service_has_its_healthcheck():
    tests = {name: SERVICES[name]["healthcheck"]["test"] for name in SERVICES
             if name not in ("migrate", *BACKUP)}
    assert tests["postgres"] == ["CMD-SHELL", "pg_isready -U komplan -d komplan"]
    assert tests["redis"] == ["CMD", "redis-cli", "ping"]
    assert tests["web"][:3] == ["CMD", "python", "-c"] and "/readyz" in tests["web"][3]
    assert tests["worker"] == ["CMD", "python", "-m", "workers.health", "default"]
    assert tests["documents"] == ["CMD", "python", "-m", "workers.health", "documents"]
    assert tests["beat"] == ["CMD", "python", "-m", "workers.health", "beat"]
    for name in tests:
        check = SERVICES[name]["healthcheck"]
        assert check["interval"] and check["timeout"] and check["retries"] >= 3, name


def test_nothing_starts_before_what_it_needs():
    servers = {"postgres": {"condition": "service_healthy"},
               "redis": {"condition": "service_healthy"}}
    assert SERVICES["migrate"]["depends_on"] == servers
    for name in APP:
        assert SERVICES[name]["depends_on"] == {
            **servers, "migrate": {"condition": "service_completed_successfully"}}, name


def test_each_app_service_runs_its_role_from_the_one_image():
    assert {name: SERVICES[name]["command"] for name in APP + ("migrate",)} == {
        "web": ["web"], "worker": ["worker"], "documents": ["documents"], "beat": ["beat"],
        "migrate": ["migrate"]}
    assert len({str(SERVICES[name]["build"]) for name in APP + ("migrate",)}) == 1


def test_secrets_come_from_the_env_file_and_demo_is_off():
    text = (ROOT / "docker-compose.yml").read_text()
    assert "change-me" not in text
    env = COMPOSE["x-app"]["environment"]
    assert env["SECRET_KEY"] == "${SECRET_KEY:?set SECRET_KEY in .env (see .env.example)}"
    assert env["KOMPLAN_DEMO"] == "0"
    assert "${POSTGRES_PASSWORD:?" in SERVICES["postgres"]["environment"]["POSTGRES_PASSWORD"]
    example = (ROOT / ".env.example").read_text().splitlines()
    assert "SECRET_KEY=" in example and "POSTGRES_PASSWORD=" in example  # empty: fill in
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()


def test_the_demo_override_turns_demo_mode_on_for_every_app_service():
    demo = yaml.safe_load((ROOT / "docker-compose.demo.yml").read_text())["services"]
    assert {name: service["environment"] for name, service in demo.items()} == {
        name: {"KOMPLAN_DEMO": "1"} for name in APP + ("migrate",)}


def test_files_on_a_named_volume_static_from_the_image():
    for name in ("web", "worker", "documents"):
        assert SERVICES[name]["volumes"] == ["media:/app/media"], name
    assert "media" in COMPOSE["volumes"]
    assert COMPOSE["x-app"]["environment"]["STORAGE_BACKEND"] == "filesystem"


def test_backups_are_a_profile_of_the_servers_own_image_and_network():
    for name in BACKUP:
        service = SERVICES[name]
        assert service["profiles"] == ["backup"], name  # never started by a plain `up`
        assert service["build"]["dockerfile"] == "deploy/backup/Dockerfile"
        assert service["network_mode"] == "service:postgres"
        assert service["volumes"] == ["backups:/backups", "wal-archive:/wal-archive"]
        assert service["depends_on"] == {"postgres": {"condition": "service_healthy"}}
        script = ROOT / service["command"][0].removeprefix("/app/")
        assert script.exists() and script.stat().st_mode & 0o111, script
    assert SERVICES["backup"]["command"] == ["/app/deploy/backup/backup.sh"]
    assert SERVICES["wal-archive"]["command"] == ["/app/deploy/backup/wal-receive.sh"]
    assert {"backups", "wal-archive"} <= set(COMPOSE["volumes"])
    # pg_basebackup refuses a server newer than itself: the backup image is the server's.
    server_major = SERVICES["postgres"]["image"].split(":")[1]
    dockerfile = (ROOT / "deploy" / "backup" / "Dockerfile").read_text()
    assert f"ARG POSTGRES_IMAGE=postgres:{server_major}-" in dockerfile
    for script in ("backup.sh", "restore.sh", "wal-receive.sh"):
        assert f"deploy/backup/{script}" in dockerfile
