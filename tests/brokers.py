"""Brokers for tests, each to one test alone: ``redis_url`` (an empty numbered database of the
machine's Redis on 127.0.0.1:6379, claimed with a marker key and flushed afterwards) and
``rabbitmq_url`` (a fresh virtual host of the machine's RabbitMQ on 127.0.0.1:5672, deleted
afterwards). Loaded as a plugin by tests/conftest.py (``pytest_plugins``)."""

from __future__ import annotations

import os
import random
import subprocess
import uuid
from collections.abc import Iterator

import pytest
import redis

BROKER_HOST = os.environ.get("BBABO_TEST_BROKER_HOST", "127.0.0.1")
_CLAIM = "bbabo:test:claimed"


@pytest.fixture
def redis_url() -> Iterator[str]:
    numbers = list(range(1, 16))
    random.shuffle(numbers)
    for number in numbers:
        client = redis.Redis(host=BROKER_HOST, port=6379, db=number)
        # An empty database, claimed atomically, so parallel runs never share one.
        if client.dbsize() == 0 and client.set(_CLAIM, "1", nx=True, ex=3600):
            try:
                yield f"redis://{BROKER_HOST}:6379/{number}"
            finally:
                client.flushdb()
                client.close()
            return
        client.close()
    pytest.fail("no empty Redis database (1-15) on 127.0.0.1:6379")


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


@pytest.fixture
def rabbitmq_url() -> Iterator[str]:
    vhost = f"bbabo_test_{uuid.uuid4().hex[:12]}"
    _rabbitmqctl("add_vhost", vhost)
    try:
        _rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        yield f"amqp://guest:guest@{BROKER_HOST}:5672/{vhost}"
    finally:
        _rabbitmqctl("delete_vhost", vhost)
