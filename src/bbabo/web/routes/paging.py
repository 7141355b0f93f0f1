"""Page numbers of listings: in the path (``.../page/2/``), so an exported site has a file for
every page; the ``?page=N`` of older links is answered with a permanent redirect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bbabo.publish.urls import page_number

__all__ = ["Pager", "page_param", "legacy_page_redirect"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Pager:
    page: int
    newer_href: str | None
    older_href: str | None

    @classmethod
    def of(cls, page: int, has_older: bool, href_for: Callable[[int], str]) -> Pager:
        return cls(page=page, newer_href=href_for(page - 1) if page > 1 else None,
                   older_href=href_for(page + 1) if has_older else None)


def page_param(request: Request) -> int:
    """The page number in the path (1 where there is none); anything else is a 404."""
    page = page_number(request.path_params.get("page", "1"))
    if page is None:
        raise HTTPException(404)
    return page


def legacy_page_redirect(request: Request,
                         href_for: Callable[[int], str]) -> Response | None:
    raw = request.query_params.get("page")
    if raw is None:
        return None
    page = page_number(raw)
    if page is None:
        raise HTTPException(404)
    return RedirectResponse(href_for(page), status_code=301)
