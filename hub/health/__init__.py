"""Health endpoints for probes: /healthz (the process answers) and /readyz (it can serve)."""
