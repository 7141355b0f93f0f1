"""``/-/websub/{token}``: the WebSub callback. A hub verifies our intent here (GET, §5.3) and
delivers a feed's news here (POST, §7); ``pipeline.websub`` decides what to do with both.

The address is unguessable (a random token per subscription) and every delivery must be signed
with the subscription's secret. A body larger than the limit is refused before it is read whole.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bbabo.pipeline.websub import CALLBACK_PATH, WebSubOptions, receive_delivery, verify_intent
from bbabo.web.context import web_of

__all__ = ["routes", "websub_options"]

_NO_STORE = {"Cache-Control": "no-store"}


def websub_options(public_url: str) -> WebSubOptions:
    return WebSubOptions(public_url=public_url)


async def callback(request: Request) -> Response:
    web = web_of(request)
    token = request.path_params["token"]
    options = websub_options(web.settings.public_url)
    if request.method == "GET":
        params = dict(request.query_params)
        challenge = await run_in_threadpool(verify_intent, web.store, token, params,
                                            options=options, now=web.clock())
        if challenge is None:
            return PlainTextResponse("not found", status_code=404, headers=_NO_STORE)
        return PlainTextResponse(challenge, headers=_NO_STORE)
    body = await _bounded_body(request, options.max_body)
    if body is None:
        return PlainTextResponse("delivery too large", status_code=413, headers=_NO_STORE)
    outcome, queued = await run_in_threadpool(
        receive_delivery, web.store, token, body, request.headers.get("x-hub-signature"),
        now=web.clock())
    if queued:
        web.on_delivery()  # `bbabo run`: ingest now, not at the next poll
    return PlainTextResponse(outcome.value, status_code=outcome.status, headers=_NO_STORE)


async def _bounded_body(request: Request, limit: int) -> bytes | None:
    """The body, or None once it is over ``limit`` (declared or sent)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


routes = [Route(CALLBACK_PATH + "{token}", callback, methods=["GET", "POST"], name="websub")]
