"""Writing XML documents with ``xml.etree``, which escapes every text and attribute value.

Text from the web may carry control characters XML 1.0 forbids; they are dropped here, so a
feed or sitemap always parses. Prefixed names (``atom:link``) are written literally with their
``xmlns:`` attributes on the root, rather than through ``ET.register_namespace``, which would
change a process-wide table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

__all__ = ["xml_text", "root", "add", "serialize"]

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters no XML 1.0 document may contain."""
    return _NOT_XML.sub("", text)


def root(tag: str, attrs: Mapping[str, str]) -> ET.Element:
    return ET.Element(tag, {name: xml_text(value) for name, value in attrs.items()})


def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {name: xml_text(v) for name, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def serialize(document: ET.Element) -> bytes:
    data: bytes = ET.tostring(document, encoding="utf-8", xml_declaration=True)
    return data
