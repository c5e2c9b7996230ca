"""Backups: one municipality exported alone and restored; the lock budget of a logical dump."""
