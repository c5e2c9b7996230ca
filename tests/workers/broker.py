"""Tests' broker outage for this process: Celery's broker URL points where nothing listens."""

import contextlib


@contextlib.contextmanager
def broker_down():
    """This process's broker is a port where nothing listens (connection refused), as when
    Redis is stopped; the workers keep their own connection."""
    from workers.celery import app

    original = app.conf.broker_url

    def reset():  # new connection and producer pools from the current URL
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.broker_url = "redis://127.0.0.1:9/0"
    reset()
    try:
        yield
    finally:
        app.conf.broker_url = original
        reset()
