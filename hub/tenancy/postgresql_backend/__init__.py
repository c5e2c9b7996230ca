"""django-tenants' PostgreSQL backend with the search path sent in the first statement's round trip."""
