"""What the console tests share: a cheap password hasher, a moving clock, users, and a client
that keeps its cookies like a browser and signs in through the form."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta
from typing import Any

import httpx
from argon2 import PasswordHasher
from harness import NOW
from starlette.applications import Starlette

from bbabo.config import Settings
from bbabo.store import Store
from bbabo.store.accounts import User
from bbabo.web.admin import ConsoleOptions
from bbabo.web.app import create_app

__all__ = ["CHEAP", "Clock", "Browser", "PASSWORD", "make_console_app", "add_user",
           "csrf_of"]

# argon2id still, at its smallest cost: the suite signs in hundreds of times.
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse battery"


class Clock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def make_console_app(settings: Settings, store: Store, clock: Clock,
                     **options: Any) -> Starlette:
    return create_app(settings, store, clock=clock, data_check_every=0.0,
                      console=ConsoleOptions(hasher=CHEAP, **options))


def add_user(store: Store, name: str, role: str, password: str = PASSWORD) -> User:
    return store.users.add(name, role=role, password_hash=CHEAP.hash(password), now=NOW)


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no csrf_token field on the page"
    return found.group(1)


class Browser:
    """An in-process client with a cookie jar, as a browser keeps one; redirects are not
    followed, so tests see them."""

    def __init__(self, app: Starlette, base_url: str = "http://testserver") -> None:
        self.app, self.base_url = app, base_url
        self.cookies = httpx.Cookies()

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return asyncio.run(self._request(method, path, **kwargs))

    async def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url=self.base_url,
                                     cookies=self.cookies) as http:
            response = await http.request(method, path, **kwargs)
            self.cookies = httpx.Cookies(http.cookies)
            return response

    def sign_in(self, username: str, password: str = PASSWORD) -> httpx.Response:
        form = self.get("/admin/login")
        return self.post("/admin/login", data={"username": username, "password": password,
                                               "csrf_token": csrf_of(form.text)})

    def csrf(self, path: str = "/admin/") -> str:
        return csrf_of(self.get(path).text)
