"""django-tenants' PostgreSQL backend, with `SET search_path` riding on the first statement.

django-tenants sends `SET search_path = "<schema>","public"` as a statement of its own, one
round trip, whenever a request's connection last served another municipality — with the host
rotating over all municipalities, on nearly every request. Here the SET is held by the cursor
it was issued for and sent in front of that cursor's first statement, in the same message
(`SET …; SELECT …`: psycopg's client-side binding cursor, which Django uses by default, sends
both with PostgreSQL's simple query protocol). Nothing else changes:

- the statement never runs without its SET: a cursor's first statement carries it if it is
  a SELECT/INSERT/UPDATE/DELETE/WITH, and anything else (DDL, utility commands that cannot
  run in a transaction block, executemany, callproc, COPY, …) gets the SET alone first;
- the connection believes a search path is set only after PostgreSQL ran it, and only if
  the connection is still meant for that schema; any error forgets it (in autocommit both
  statements are one implicit transaction, so a failed SELECT also undid the SET);
- django-tenants' own rules stay: rollback and savepoint rollback forget the search path,
  `set_tenant` forgets it, TENANT_LIMIT_SET_CALLS sends it once per schema change.
A driver or option that cannot send two statements at once (psycopg2, `server_side_binding`)
gets django-tenants' separate SET.
"""

import re

import psycopg
from django.db import DatabaseError
from django.db.backends.postgresql.base import CursorDebugWrapper as PostgresDebugWrapper
from django.db.backends.utils import CursorWrapper
from django_tenants.postgresql_backend import base as tenants_base
from django_tenants.utils import get_limit_set_calls, quote_schema_name

# Statements that may share a message (an implicit transaction) with the SET: the ORM's reads
# and writes. Anything else gets the SET as a statement of its own.
_DATA_STATEMENT = re.compile(r"\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b", re.IGNORECASE)
# What may be read from a cursor before its first statement without running SQL.
_READ_ONLY = frozenset({"fetchone", "fetchmany", "fetchall", "nextset", "close", "closed",
                        "description", "rowcount", "lastrowid", "statusmessage", "connection"})


class _SearchPathOnFirstStatement:
    """Cursor wrapper part: holds a pending SET and sends it with the first statement."""

    pending = None  # (search_paths, "SET search_path = …")

    def _send_pending_alone(self):
        pending, self.pending = self.pending, None
        if pending is None:
            return
        try:
            with self.db.wrap_database_errors:
                self.cursor.execute(pending[1])
        except (DatabaseError, psycopg.InternalError):
            # As django-tenants: in a failed transaction the SET fails too, and what follows
            # is a rollback (which needs no search path) or fails the same way.
            self.db.search_path_set_schemas = None
            return
        except BaseException:
            self.db.search_path_set_schemas = None
            raise
        self.db.search_path_sent(pending[0])

    def _execute(self, sql, params, *wrapper_args):
        pending = self.pending
        if pending is None:
            return super()._execute(sql, params, *wrapper_args)
        if not (isinstance(sql, str) and _DATA_STATEMENT.match(sql)):
            # DDL, utility commands (CREATE DATABASE, VACUUM … cannot run in the implicit
            # transaction two statements form) and composed SQL: the SET goes alone first.
            self._send_pending_alone()
            return super()._execute(sql, params, *wrapper_args)
        self.pending = None
        set_sql = pending[1] if params is None else pending[1].replace("%", "%%")
        try:
            result = super()._execute(f"{set_sql};\n{sql}", params, *wrapper_args)
            with self.db.wrap_database_errors:
                self.cursor.nextset()  # the caller reads the statement's result, not the SET's
        except BaseException:
            self.db.search_path_set_schemas = None
            raise
        self.db.search_path_sent(pending[0])
        return result

    def _executemany(self, sql, param_list, *wrapper_args):
        self._send_pending_alone()
        return super()._executemany(sql, param_list, *wrapper_args)

    def callproc(self, *args, **kwargs):
        self._send_pending_alone()
        return super().callproc(*args, **kwargs)

    def __getattr__(self, attr):
        if attr not in _READ_ONLY:  # copy(), stream(), scroll() … run SQL of their own
            self._send_pending_alone()
        return super().__getattr__(attr)


class SearchPathCursorWrapper(_SearchPathOnFirstStatement, CursorWrapper):
    pass


class SearchPathDebugCursorWrapper(_SearchPathOnFirstStatement, PostgresDebugWrapper):
    def copy(self, statement):
        self._send_pending_alone()
        return super().copy(statement)


class DatabaseWrapper(tenants_base.DatabaseWrapper):
    def make_cursor(self, cursor):
        return SearchPathCursorWrapper(cursor, self)

    def make_debug_cursor(self, cursor):
        return SearchPathDebugCursorWrapper(cursor, self)

    def _handle_search_path(self, cursor=None):
        if not (isinstance(cursor, _SearchPathOnFirstStatement)
                and isinstance(cursor.cursor, psycopg.ClientCursor)):
            return super()._handle_search_path(cursor)
        if self._setting_search_path:
            return
        if get_limit_set_calls() and self.search_path_set_schemas:
            return
        search_paths = self._get_cursor_search_paths()  # validates every name
        cursor.pending = (search_paths, "SET search_path = {}".format(
            ",".join(quote_schema_name(s) for s in search_paths)))

    def search_path_sent(self, search_paths):
        """PostgreSQL ran `SET search_path` to ``search_paths``: remember it, unless the
        connection has been switched to another schema since the cursor was made."""
        self.search_path_set_schemas = (
            search_paths if search_paths == self._get_cursor_search_paths() else None)
