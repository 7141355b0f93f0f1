"""Content-Encoding, decoded a bounded step at a time.

httpx decodes each network chunk whole: a 1.6 KB brotli body that inflates to 1 GiB becomes one
1 GiB ``bytes`` before any size cap can look at it. Here every decoder is asked for at most
``DECODE_STEP_BYTES`` per call (zlib's ``max_length``, brotli's ``output_buffer_limit``) and the
layers are chained as generators, so the caller's cap stops the inflation after at most one
step per layer, whatever the stack of encodings.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

import brotli

from bbabo.errors import PermanentError, UpstreamError

__all__ = ["decoded_chunks", "content_codings", "DECODE_STEP_BYTES", "MAX_CONTENT_CODINGS"]

log = logging.getLogger(__name__)

DECODE_STEP_BYTES = 64 * 1024
"""Decoded bytes asked of one decoder call (brotli may overshoot it by one buffer block)."""
MAX_CONTENT_CODINGS = 2
"""Stacked compressions accepted. Real servers send one; two happens (an application and a
proxy both compressing). More is only ever an attack, so it is refused (``fetch.bad_encoding``)."""

_GZIP_MAGIC = b"\x1f\x8b"
_PASS = frozenset({"", "identity"})
# Compressions bbabo does not decode (and does not ask for): refusing them is clearer than
# handing compressed bytes to a parser.
_UNSUPPORTED = frozenset({"zstd", "compress", "x-compress", "exi", "pack200-gzip", "aes128gcm"})


class _Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...


def content_codings(header: str, *, url: str) -> list[str]:
    """The compressions of a ``Content-Encoding`` header, in the order they were applied.

    Labels that are no compression at all ("UTF-8", "binary": misconfigured servers) are
    dropped, as browsers do. Raises PermanentError ``fetch.bad_encoding`` for a compression
    bbabo cannot decode or a stack deeper than ``MAX_CONTENT_CODINGS``.
    """
    codings = []
    for token in header.lower().split(","):
        coding = token.strip()
        if coding in _PASS:
            continue
        if coding in _UNSUPPORTED:
            raise PermanentError(f"{url} is compressed with {coding}, which bbabo does not "
                                 "decode", code="fetch.bad_encoding")
        if coding not in _DECODERS:
            log.debug("ignoring Content-Encoding %r", coding, extra={"url": url})
            continue
        codings.append(coding)
    if len(codings) > MAX_CONTENT_CODINGS:
        raise PermanentError(f"{url} has {len(codings)} stacked compressions ({header}); at "
                             f"most {MAX_CONTENT_CODINGS} are accepted",
                             code="fetch.bad_encoding")
    return codings


def decoded_chunks(raw: Iterable[bytes], content_encoding: str, *, url: str) -> Iterator[bytes]:
    """The decoded body, in pieces of at most ``DECODE_STEP_BYTES``, decoded only as far as
    the caller reads. Raises UpstreamError ``fetch.decoding`` for a corrupt body."""
    stream: Iterable[bytes] = raw
    # The last encoding listed was applied last, so it is undone first.
    for coding in reversed(content_codings(content_encoding, url=url)):
        stream = _through(stream, _DECODERS[coding](), coding, url)
    return iter(stream)


def _through(chunks: Iterable[bytes], decoder: _Decoder, coding: str,
             url: str) -> Iterator[bytes]:
    try:
        for chunk in chunks:
            yield from decoder.feed(chunk)
    except (zlib.error, brotli.error) as exc:
        raise UpstreamError(f"undecodable {coding} body from {url}: {exc}",
                            code="fetch.decoding") from None


class _Zlib:
    """gzip (every member of a multi-member file, as gzip(1) does) or deflate, which RFC 9110
    says is zlib-wrapped and which some servers send raw."""

    def __init__(self, *, gzip: bool) -> None:
        self._gzip = gzip
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS if gzip else zlib.MAX_WBITS)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        while True:
            if self._inflater.eof:
                data = self._inflater.unused_data + data
                if not (self._gzip and data.startswith(_GZIP_MAGIC)):
                    return  # trailing bytes after the stream: ignored, as browsers do
                self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out = self._inflate(data)
            data = self._inflater.unconsumed_tail
            if out:
                yield out
            # Output short of the step means the input ran out (or the stream ended).
            if len(out) < DECODE_STEP_BYTES and not (self._inflater.eof and
                                                     self._inflater.unused_data):
                return

    def _inflate(self, data: bytes) -> bytes:
        try:
            out = self._inflater.decompress(data, DECODE_STEP_BYTES)
        except zlib.error:
            if self._gzip or self._started:
                raise
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate
            out = self._inflater.decompress(data, DECODE_STEP_BYTES)
        self._started = self._started or bool(data)
        return out


class _Brotli:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        decompressor = self._decompressor
        while not decompressor.is_finished():
            out = decompressor.process(data, output_buffer_limit=DECODE_STEP_BYTES)
            data = b""
            if out:
                yield out
            # Output short of the limit means the decoder wants more input; a full one may
            # leave more waiting inside, drained with empty input.
            if len(out) < DECODE_STEP_BYTES and decompressor.can_accept_more_data():
                return


_DECODERS: dict[str, Callable[[], _Decoder]] = {
    "gzip": lambda: _Zlib(gzip=True),
    "x-gzip": lambda: _Zlib(gzip=True),
    "deflate": lambda: _Zlib(gzip=False),
    "br": _Brotli,
}
