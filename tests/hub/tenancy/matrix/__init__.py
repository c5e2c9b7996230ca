"""Rows of the isolation matrix, one module per tenant app, found automatically."""

import pkgutil
from importlib import import_module

MODULES = [import_module(f"{__name__}.{info.name}")
           for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)]
