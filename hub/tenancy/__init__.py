"""Tenancy infrastructure: routing by host, template and spare schemas, migration bookkeeping."""
