"""Settings of the single-schema baseline server in bench/routing.py: the product's settings
with host routing replaced by one fixed schema (bench/single_schema.py)."""

import os

from hub.settings import *  # noqa: F403
from hub.settings import MIDDLEWARE

MIDDLEWARE = ["bench.single_schema.FixedSchemaMiddleware"] + [
    m for m in MIDDLEWARE if "MunicipalityRoutingMiddleware" not in m]
BENCH_FIXED_SCHEMA = os.environ["BENCH_FIXED_SCHEMA"]
