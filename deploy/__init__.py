"""Deployment: container image, process scripts and the dev launcher."""
