"""Content-Encoding is decoded a bounded step at a time, so the size cap holds for the decoded
bytes however small the compressed body and however many encodings are stacked."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections.abc import Callable, Iterator

import brotli
import httpx
import pytest

from bbabo.errors import PermanentError, TooLarge, UpstreamError
from bbabo.fetch import NO_RETRY, FetchOptions, fetch_page
from bbabo.fetch.decode import DECODE_STEP_BYTES, MAX_CONTENT_CODINGS, decoded_chunks
from bombs import brotli_bomb, gzip_gzip_bomb
from fakeweb import FakeWeb, Reply

CAP = 1_000_000
SMALL = FetchOptions(timeout_s=10, max_bytes=CAP, allow_private_networks=True)
TEXT = "Zażółć gęślą jaźń. Съешь же ещё этих мягких французских булок. ".encode() * 500


def _peak_bytes(call: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        call()
    except TooLarge:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


@pytest.mark.parametrize(("encoding", "bomb"), [("br", brotli_bomb), ("gzip, gzip",
                                                                      gzip_gzip_bomb)])
def test_a_compression_bomb_is_cut_at_the_cap_without_inflating_it(
    fakeweb: FakeWeb, client: httpx.Client, encoding: str, bomb: Callable[[], bytes]
) -> None:
    body = bomb()
    assert len(body) < 20_000  # a few KB on the wire, 1 GiB decoded
    fakeweb.route("/bomb", Reply(headers={"Content-Encoding": encoding,
                                          "Content-Type": "text/html"}, body=body))
    with pytest.raises(TooLarge) as caught:
        fetch_page(client, fakeweb.url("/bomb"), SMALL)
    assert caught.value.code == "fetch.too_large"
    peak = _peak_bytes(lambda: fetch_page(client, fakeweb.url("/bomb"), SMALL))
    assert peak < 3 * CAP + 8 * DECODE_STEP_BYTES, f"{peak:,} bytes for a {CAP:,}-byte cap"


@pytest.mark.parametrize(("encoding", "encode"), [
    ("gzip", gzip.compress),
    ("x-gzip", gzip.compress),
    ("deflate", zlib.compress),  # RFC 9110: zlib-wrapped
    ("deflate", lambda data: zlib.compress(data, wbits=-15)),  # what some servers send: raw
    ("br", brotli.compress),
    ("gzip, br", lambda data: brotli.compress(gzip.compress(data))),
    ("identity", lambda data: data),
    ("GZIP", gzip.compress),
])
def test_real_encodings_decode(fakeweb: FakeWeb, client: httpx.Client, encoding: str,
                               encode: Callable[[bytes], bytes]) -> None:
    fakeweb.route("/enc", Reply(headers={"Content-Encoding": encoding}, body=encode(TEXT)))
    assert fetch_page(client, fakeweb.url("/enc"), SMALL).body == TEXT


def test_a_gzip_body_of_several_members_decodes_whole() -> None:
    members = gzip.compress(TEXT[:1000]) + gzip.compress(TEXT[1000:])
    assert b"".join(decoded_chunks([members], "gzip", url="u")) == TEXT


def test_decoding_yields_bounded_steps_however_the_input_is_cut() -> None:
    body = brotli.compress(b"\0" * (20 * DECODE_STEP_BYTES))
    pieces = [body[i:i + 7] for i in range(0, len(body), 7)]
    steps = list(decoded_chunks(pieces, "br", url="u"))
    assert b"".join(steps) == b"\0" * (20 * DECODE_STEP_BYTES)
    assert max(len(step) for step in steps) <= 2 * DECODE_STEP_BYTES


def test_decoding_is_lazy() -> None:
    consumed: list[int] = []

    def raw() -> Iterator[bytes]:
        for n, piece in enumerate([gzip.compress(b"\0" * (50 * DECODE_STEP_BYTES))] * 3):
            consumed.append(n)
            yield piece

    first = next(decoded_chunks(raw(), "gzip", url="u"))
    assert len(first) <= DECODE_STEP_BYTES and consumed == [0]


@pytest.mark.parametrize("encoding", ["gzip, gzip, gzip", "br, gzip, deflate", "zstd",
                                      "compress", "gzip, zstd"])
def test_stacks_beyond_real_servers_and_unknown_compressions_are_refused(
    fakeweb: FakeWeb, client: httpx.Client, encoding: str
) -> None:
    fakeweb.route("/enc", Reply(headers={"Content-Encoding": encoding}, body=b"whatever"))
    with pytest.raises(PermanentError) as caught:
        fetch_page(client, fakeweb.url("/enc"), SMALL)
    assert caught.value.code == "fetch.bad_encoding"
    stacked = encoding.count(",") >= MAX_CONTENT_CODINGS
    expected = "stacked compressions" if stacked else encoding.split(",")[-1].strip()
    assert expected in str(caught.value)
    assert MAX_CONTENT_CODINGS == 2


def test_a_label_that_is_no_compression_is_ignored_as_browsers_do(
    fakeweb: FakeWeb, client: httpx.Client
) -> None:
    # Misconfigured servers send a charset here; Chromium passes such bodies through.
    fakeweb.route("/enc", Reply(headers={"Content-Encoding": "UTF-8"}, body=TEXT))
    assert fetch_page(client, fakeweb.url("/enc"), SMALL).body == TEXT


@pytest.mark.parametrize("encoding", ["gzip", "br", "deflate"])
def test_a_corrupt_body_is_a_decoding_error(fakeweb: FakeWeb, client: httpx.Client,
                                            encoding: str) -> None:
    fakeweb.route("/enc", Reply(headers={"Content-Encoding": encoding},
                                body=b"\x1f\x8b\x08\x00garbage that does not inflate"))
    with pytest.raises(UpstreamError) as caught:
        fetch_page(client, fakeweb.url("/enc"), FetchOptions(
            max_bytes=CAP, allow_private_networks=True, retry=NO_RETRY))
    assert caught.value.code == "fetch.decoding"
