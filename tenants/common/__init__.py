"""Vocabulary the tenant apps share: target groups, timestamps, uploaded-file checking."""
