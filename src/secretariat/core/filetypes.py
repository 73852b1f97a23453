"""What an uploaded file is, judged by its first bytes rather than by the name it came with.

A name says what a file claims to be; for the types whose content has a fixed signature the
claim is checked. An upload whose content contradicts its name is refused, and only a file
whose content agrees with a type a browser cannot run is ever shown in place.
"""

from __future__ import annotations

import mimetypes
from typing import IO

HEAD_BYTES = 64

_ZIP = (b"PK\x03\x04",)
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "audio/mpeg": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    "application/zip": _ZIP,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _ZIP,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": _ZIP,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _ZIP,
}


def type_by_name(name: str) -> str:
    """The type a file's name claims (application/octet-stream when it claims none)."""
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def read_head(file: IO[bytes]) -> bytes:
    """The first bytes of an open file, leaving it positioned where it was."""
    position = file.tell()
    head = file.read(HEAD_BYTES)
    file.seek(position)
    return head


def content_matches(content_type: str, head: bytes) -> bool | None:
    """Whether `head` is the start of a `content_type` file; None when the type has no signature."""
    if content_type == "video/mp4":
        return head[4:8] == b"ftyp"
    if content_type == "text/plain":
        return b"\0" not in head
    signatures = SIGNATURES.get(content_type)
    if signatures is None:
        return None
    return head.startswith(signatures)
