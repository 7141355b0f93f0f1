"""The console's security rules: nothing without a session, sign-in with its CSRF token and
its throttle, cookie flags, CSRF and origin checks on every change, roles enforced on the
server, sign-out and expiry ending sessions server-side, and pages no cache keeps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from console import PASSWORD, Browser, Clock, add_user, csrf_of, make_console_app
from harness import NOW, Seeder
from starlette.applications import Starlette

from bbabo.config import Settings
from bbabo.pipeline.accounts import LOCKOUT, SESSION_IDLE, SESSION_LIFETIME, token_digest
from bbabo.store import Store
from bbabo.web.security import SECURITY_HEADERS

PAGES = ["/admin/", "/admin/dashboard.json", "/admin/review", "/admin/review/1/en",
         "/admin/glossary", "/admin/sources", "/admin/sources.opml", "/admin/models",
         "/admin/users", "/admin/audit"]
ACTIONS = ["/admin/review/1/en/edit", "/admin/review/1/en/release",
           "/admin/review/1/en/retranslate", "/admin/glossary", "/admin/glossary/pin",
           "/admin/glossary/remove", "/admin/sources", "/admin/sources/import",
           "/admin/sources/1/enable", "/admin/sources/1/disable", "/admin/sources/1/remove",
           "/admin/models/install", "/admin/users", "/admin/users/ann/remove",
           "/admin/users/ann/password", "/admin/logout"]
ADMIN_ONLY_PAGES = ["/admin/sources", "/admin/sources.opml", "/admin/models", "/admin/users",
                    "/admin/audit"]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(settings: Settings, store: Store, clock: Clock) -> Starlette:
    return make_console_app(settings, store, clock)


@pytest.fixture
def browser(app: Starlette, store: Store) -> Browser:
    add_user(store, "ann", "admin")
    add_user(store, "eddie", "editor")
    return Browser(app)


@pytest.mark.parametrize("path", PAGES)
def test_without_a_session_a_page_sends_to_the_sign_in_and_json_gets_401(
        browser: Browser, path: str) -> None:
    answer = browser.get(path, headers={"Accept": "text/html"})
    if path.endswith(".json"):
        assert answer.status_code == 401
        assert answer.json() == {"error": "sign in first"}
        return
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/admin/login")
    assert browser.get(path, headers={"Accept": "application/json"}).status_code == 401


@pytest.mark.parametrize("path", ACTIONS)
def test_without_a_session_no_action_runs(browser: Browser, store: Store, path: str) -> None:
    answer = browser.post(path, data={"username": "x", "role": "admin", "password": "p" * 12,
                                      "confirm": "p" * 12, "csrf_token": "anything"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/admin/login"
    assert [u.username for u in store.users.list()] == ["ann", "eddie"]


def test_the_bare_address_leads_to_the_console(browser: Browser) -> None:
    answer = browser.get("/admin")
    assert answer.status_code == 308 and answer.headers["location"] == "/admin/"


def test_signing_in_sets_a_server_side_session_in_a_guarded_cookie(
        browser: Browser, store: Store) -> None:
    answer = browser.sign_in("ann")
    assert answer.status_code == 303 and answer.headers["location"] == "/admin/"
    cookie = next(c for c in answer.headers.get_list("set-cookie")
                  if c.startswith("bbabo_session="))
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "path", "max-age", "samesite"} <= attributes
    assert "samesite=lax" in cookie.lower() and "path=/admin" in cookie.lower()
    assert "secure" not in attributes  # plain http here: see the https test
    token = cookie.split(";")[0].split("=", 1)[1]
    session = store.sessions.get(token_digest(token))
    assert session is not None and session.user.username == "ann"
    assert store.sessions.get(token) is None, "the token itself is never stored"
    assert browser.get("/admin/").status_code == 200
    assert [e.action for e in store.audit.recent()] == ["sign-in"]


@pytest.mark.parametrize("public_url", ["https://news.example.org", ""])
def test_the_cookie_is_secure_when_the_site_is_served_over_https(
        settings: Settings, store: Store, clock: Clock, public_url: str) -> None:
    from dataclasses import replace

    add_user(store, "ann", "admin")
    app = make_console_app(replace(settings, public_url=public_url), store, clock)
    # Without a public address, the request's own scheme says it (uvicorn behind a proxy).
    browser = Browser(app, base_url="http://testserver" if public_url else "https://testserver")
    answer = browser.sign_in("ann")
    cookies = answer.headers.get_list("set-cookie")
    assert all("secure" in cookie.lower() for cookie in cookies)


def test_a_wrong_password_or_name_gets_the_same_401(browser: Browser, store: Store) -> None:
    wrong = browser.sign_in("ann", "not the password")
    unknown = browser.sign_in("nobody")
    for answer in (wrong, unknown):
        assert answer.status_code == 401
        assert "Wrong user name or password." in answer.text
        assert not any(c.startswith("bbabo_session=")
                       for c in answer.headers.get_list("set-cookie"))
    assert browser.get("/admin/").status_code == 303
    failed = [e for e in store.audit.recent() if e.action == "sign-in.failed"]
    assert sorted(e.target for e in failed) == ["ann", "nobody"]
    assert all("not the password" not in e.detail + e.target for e in store.audit.recent())


def test_the_sign_in_form_needs_its_own_csrf_token(browser: Browser) -> None:
    browser.get("/admin/login")
    data = {"username": "ann", "password": PASSWORD}
    assert browser.post("/admin/login", data=data).status_code == 403
    assert browser.post("/admin/login", data={**data, "csrf_token": "guess"}).status_code == 403
    # A page elsewhere cannot read the cookie's token; without the cookie nothing matches.
    fresh = Browser(browser.app)
    token = csrf_of(browser.get("/admin/login").text)
    assert fresh.post("/admin/login", data={**data, "csrf_token": token}).status_code == 403


def test_a_sign_in_posted_from_another_site_is_refused(browser: Browser) -> None:
    token = csrf_of(browser.get("/admin/login").text)
    answer = browser.post("/admin/login", headers={"Origin": "https://evil.example"},
                          data={"username": "ann", "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 403


def test_five_failures_for_an_account_lock_it_for_fifteen_minutes(
        browser: Browser, clock: Clock, app: Starlette, settings: Settings,
        store: Store) -> None:
    for _ in range(5):
        assert browser.sign_in("ann", "wrong password").status_code == 401
        clock.advance(timedelta(minutes=2))
    locked = browser.sign_in("ann")  # the right password, and still refused
    assert locked.status_code == 429
    assert 0 < int(locked.headers["retry-after"]) <= LOCKOUT.total_seconds()
    assert "Too many failed sign-ins" in locked.text
    # From another address too: the account is locked, not the browser.
    other = Browser(app)
    other_address = other.sign_in("ann")
    assert other_address.status_code == 429
    # Stored, not in memory: a restarted web process (a new app on the same store) agrees.
    restarted = Browser(make_console_app(settings, store, clock))
    assert restarted.sign_in("ann").status_code == 429
    clock.advance(LOCKOUT)
    assert browser.sign_in("ann").status_code == 303


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(
        browser: Browser, clock: Clock) -> None:
    for _ in range(5):
        assert browser.sign_in("ann", "wrong password").status_code == 401
        clock.advance(timedelta(minutes=4))
    assert browser.sign_in("ann").status_code == 303


def test_five_failures_from_one_address_lock_it_whatever_the_names(
        browser: Browser, clock: Clock) -> None:
    for name in ("a1", "a2", "a3", "a4", "a5"):
        assert browser.sign_in(name, "guess guess guess").status_code == 401
    # ASGITransport's client address is the same for every request.
    assert browser.sign_in("eddie").status_code == 429
    clock.advance(LOCKOUT + timedelta(seconds=1))
    assert browser.sign_in("eddie").status_code == 303


def _signed_in(browser: Browser, name: str) -> str:
    assert browser.sign_in(name).status_code == 303
    return browser.csrf()


def test_a_change_without_its_session_s_csrf_token_is_refused(
        browser: Browser, app: Starlette, store: Store) -> None:
    token = _signed_in(browser, "ann")
    other = Browser(app)
    other_token = _signed_in(other, "eddie")
    assert other_token != token
    form = {"username": "zoe", "role": "editor", "password": PASSWORD, "confirm": PASSWORD}
    assert browser.post("/admin/users", data=form).status_code == 403
    assert browser.post("/admin/users", data={**form, "csrf_token": ""}).status_code == 403
    # Another session's token (a foreign one) is no better.
    assert browser.post("/admin/users",
                        data={**form, "csrf_token": other_token}).status_code == 403
    assert store.users.get("zoe") is None
    assert browser.post("/admin/users", data={**form, "csrf_token": token}).status_code == 303
    assert store.users.get("zoe") is not None


def test_a_change_posted_from_another_site_is_refused_even_with_the_token(
        browser: Browser, store: Store) -> None:
    token = _signed_in(browser, "ann")
    form = {"username": "zoe", "role": "editor", "password": PASSWORD, "confirm": PASSWORD,
            "csrf_token": token}
    for header, value in (("Origin", "https://evil.example"), ("Origin", "null"),
                          ("Referer", "https://evil.example/page")):
        assert browser.post("/admin/users", data=form,
                            headers={header: value}).status_code == 403
    assert store.users.get("zoe") is None
    same = browser.post("/admin/users", data=form, headers={"Origin": "http://testserver"})
    assert same.status_code == 303


@pytest.mark.parametrize("path", ADMIN_ONLY_PAGES)
def test_an_editor_cannot_open_an_admin_page(browser: Browser, path: str) -> None:
    _signed_in(browser, "eddie")
    answer = browser.get(path)
    assert answer.status_code == 403
    assert "for administrators" in answer.text


ADMIN_ONLY_ACTIONS = [path for path in ACTIONS if path.startswith(
    ("/admin/sources", "/admin/models", "/admin/users"))]


@pytest.mark.parametrize("path", ADMIN_ONLY_ACTIONS)
def test_an_editor_gets_403_for_every_admin_action(browser: Browser, store: Store,
                                                    path: str) -> None:
    token = _signed_in(browser, "eddie")
    answer = browser.post(path, data={"csrf_token": token, "url": "https://x.example/rss",
                                      "username": "zoe", "role": "admin",
                                      "password": PASSWORD, "confirm": PASSWORD,
                                      "pair": "ru-pl", "missing": "1"})
    assert answer.status_code == 403
    assert [u.username for u in store.users.list()] == ["ann", "eddie"]
    assert store.sources.list() == []
    assert store.audit.recent()[0].action == "refused"


def test_an_editor_is_refused_an_admin_action_and_it_is_recorded(
        browser: Browser, store: Store) -> None:
    token = _signed_in(browser, "eddie")
    answer = browser.post("/admin/users/ann/remove", data={"csrf_token": token})
    assert answer.status_code == 403
    assert store.users.get("ann") is not None
    source = store.sources.add(url="https://news.example/rss", now=NOW)
    assert browser.post(f"/admin/sources/{source.id}/disable",
                        data={"csrf_token": token}).status_code == 403
    assert store.sources.get(source.id).enabled
    refused = [e for e in store.audit.recent() if e.action == "refused"]
    assert [e.username for e in refused] == ["eddie", "eddie"]
    # The editor's own pages work.
    assert browser.get("/admin/review").status_code == 200
    assert "/admin/users" not in browser.get("/admin/").text, "no admin links for an editor"


def test_signing_out_ends_the_session_on_the_server(browser: Browser, store: Store) -> None:
    token = _signed_in(browser, "ann")
    cookie = browser.cookies["bbabo_session"]
    assert browser.post("/admin/logout", data={"csrf_token": "wrong"}).status_code == 403
    answer = browser.post("/admin/logout", data={"csrf_token": token})
    assert answer.status_code == 303 and answer.headers["location"] == "/admin/login"
    assert store.sessions.get(token_digest(cookie)) is None
    # The old cookie, replayed by whoever kept a copy, opens nothing.
    replay = Browser(browser.app)
    replay.cookies.set("bbabo_session", cookie, domain="testserver", path="/admin")
    assert replay.get("/admin/").status_code == 303
    assert "sign-out" in [e.action for e in store.audit.recent()]


def test_an_idle_session_expires(browser: Browser, clock: Clock) -> None:
    _signed_in(browser, "ann")
    clock.advance(SESSION_IDLE - timedelta(minutes=1))
    assert browser.get("/admin/").status_code == 200  # in use: kept alive
    clock.advance(SESSION_IDLE + timedelta(minutes=1))
    assert browser.get("/admin/").status_code == 303


def test_a_session_in_use_still_ends_after_its_lifetime(browser: Browser, clock: Clock) -> None:
    _signed_in(browser, "ann")
    used = timedelta()
    while used < SESSION_LIFETIME - timedelta(hours=1):
        clock.advance(timedelta(hours=1))
        used += timedelta(hours=1)
        assert browser.get("/admin/").status_code == 200
    clock.advance(timedelta(hours=1, minutes=1))
    assert browser.get("/admin/").status_code == 303


def test_a_new_password_or_a_removed_user_ends_their_sessions(
        browser: Browser, app: Starlette) -> None:
    token = _signed_in(browser, "ann")
    eddie = Browser(app)
    _signed_in(eddie, "eddie")
    new = "another good password"
    assert browser.post("/admin/users/eddie/password", data={
        "csrf_token": token, "password": new, "confirm": new}).status_code == 303
    assert eddie.get("/admin/").status_code == 303
    assert eddie.sign_in("eddie").status_code == 401  # the old password no longer works
    assert eddie.sign_in("eddie", new).status_code == 303
    assert browser.post("/admin/users/eddie/remove", data={"csrf_token": token}).status_code \
        == 303
    assert eddie.get("/admin/").status_code == 303


@pytest.mark.parametrize("path", ["/admin/", "/admin/review", "/admin/users",
                                  "/admin/login"])
def test_console_pages_are_noindex_no_store_and_carry_the_site_s_csp(
        browser: Browser, path: str) -> None:
    if path != "/admin/login":
        _signed_in(browser, "ann")
    answer = browser.get(path)
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-robots-tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in answer.text
    csp = answer.headers["content-security-policy"]
    assert csp.startswith(SECURITY_HEADERS["Content-Security-Policy"])
    assert "frame-ancestors 'none'" in csp
    assert "<script" not in answer.text and "style=" not in answer.text


def test_the_page_cache_keeps_no_console_page_and_public_pages_ignore_the_session(
        browser: Browser, store: Store) -> None:
    story = Seeder(store).article("Новость", lang="ru")
    _signed_in(browser, "ann")
    first = browser.get("/admin/").text
    other = Browser(browser.app)
    assert other.get("/admin/").status_code == 303, "a signed-in page was served from cache"
    assert "ann (admin)" in first
    # The session cookie is scoped to /admin: a public page is the same for everyone.
    path = browser.get(f"/ru/news/{story}").headers["location"]  # to the slugged address
    public = browser.get(path)
    assert public.status_code == 200
    assert public.request.headers.get("cookie") is None
    assert other.get(path).text == public.text


@pytest.mark.parametrize(("wanted", "lands"), [
    ("/admin/review", "/admin/review"),
    ("//evil.example/admin/", "/admin/"),
    ("https://evil.example/", "/admin/"),
    ("/admin/\\\\evil.example", "/admin/"),
    ("/en/", "/admin/"),
])
def test_after_signing_in_only_a_console_page_is_a_destination(
        browser: Browser, wanted: str, lands: str) -> None:
    assert browser.get("/admin/review").headers["location"] == "/admin/login?next=/admin/review"
    token = csrf_of(browser.get("/admin/login").text)
    answer = browser.post("/admin/login", data={"username": "ann", "password": PASSWORD,
                                                "csrf_token": token, "next": wanted})
    assert answer.status_code == 303 and answer.headers["location"] == lands


def test_behind_a_proxy_forms_from_the_public_address_are_accepted(
        settings: Settings, store: Store, clock: Clock) -> None:
    from dataclasses import replace

    add_user(store, "ann", "admin")
    app = make_console_app(replace(settings, public_url="https://news.example.org"), store,
                           clock)
    # The proxy asks for another host ("testserver" here) than the browser's address.
    browser = Browser(app, base_url="https://testserver")
    token = csrf_of(browser.get("/admin/login").text)
    answer = browser.post("/admin/login", headers={"Origin": "https://news.example.org"},
                          data={"username": "ann", "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 303
    form = {"csrf_token": browser.csrf(), "username": "zoe", "role": "editor",
            "password": PASSWORD, "confirm": PASSWORD}
    other = browser.post("/admin/users", data=form, headers={"Origin": "https://evil.example"})
    assert other.status_code == 403
    ours = browser.post("/admin/users", data=form,
                        headers={"Referer": "https://news.example.org/admin/users"})
    assert ours.status_code == 303 and store.users.get("zoe") is not None
