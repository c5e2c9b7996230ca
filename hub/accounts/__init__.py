"""Accounts, memberships in municipalities with a role, and regional coordinator assignments."""
