"""A one-page PDF encrypted as PDF writers do it: the Standard security handler, revision 3
(128-bit RC4), after ISO 32000-1 §7.6.3 (algorithms 1, 2, 3 and 5).

Neither Qt nor pdfium writes encrypted PDFs, so the tests make their own: the page's text
and the title are encrypted with the file's key, which comes from the user password (empty:
anyone may open it; the owner password only guards permissions).
"""

from __future__ import annotations

import hashlib

PADDING = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
KEY_BYTES = 16
PERMISSIONS = -3904  # print and copy refused: the kind of file a "protected" PDF is
FILE_ID = bytes.fromhex("6c6f636b65642d7064662d6964656e74")


def locked_pdf(text: str, title: str, user: str, owner: str) -> bytes:
    """A PDF showing ``text`` (Latin-1) in Helvetica, titled ``title``, encrypted."""
    owner_entry = _owner_entry(user.encode("latin-1"), owner.encode("latin-1"))
    key = _file_key(user.encode("latin-1"), owner_entry)
    content = f"BT /F1 14 Tf 72 720 Td ({_literal(text)}) Tj ET".encode("latin-1")
    bodies = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        5: _stream(_rc4(_object_key(key, 5), content)),
        6: b"<< /Title <"
        + _rc4(_object_key(key, 6), title.encode("latin-1")).hex().encode()
        + b"> >>",
        7: b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P %d /O <%s> /U <%s> >>"
        % (PERMISSIONS, owner_entry.hex().encode(), _user_entry(key).hex().encode()),
    }
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in bodies.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in sorted(offsets))
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R /Encrypt 7 0 R " % (len(bodies) + 1)
    out += b"/ID [<%s> <%s>] >>\n" % (FILE_ID.hex().encode(), FILE_ID.hex().encode())
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def _literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _padded(password: bytes) -> bytes:
    return (password + PADDING)[:32]


def _owner_entry(user: bytes, owner: bytes) -> bytes:
    """Algorithm 3: the user password, padded, encrypted with a key made from the owner's."""
    digest = hashlib.md5(_padded(owner or user)).digest()
    for _ in range(50):
        digest = hashlib.md5(digest[:KEY_BYTES]).digest()
    key = digest[:KEY_BYTES]
    entry = _rc4(key, _padded(user))
    for i in range(1, 20):
        entry = _rc4(bytes(b ^ i for b in key), entry)
    return entry


def _file_key(user: bytes, owner_entry: bytes) -> bytes:
    """Algorithm 2: the key every string and stream is encrypted with."""
    seed = _padded(user) + owner_entry + PERMISSIONS.to_bytes(4, "little", signed=True)
    digest = hashlib.md5(seed + FILE_ID).digest()
    for _ in range(50):
        digest = hashlib.md5(digest[:KEY_BYTES]).digest()
    return digest[:KEY_BYTES]


def _user_entry(key: bytes) -> bytes:
    """Algorithm 5: what a reader checks a user password against."""
    entry = _rc4(key, hashlib.md5(PADDING + FILE_ID).digest())
    for i in range(1, 20):
        entry = _rc4(bytes(b ^ i for b in key), entry)
    return entry + bytes(16)


def _object_key(key: bytes, number: int, generation: int = 0) -> bytes:
    """Algorithm 1: the key of one object's strings and streams."""
    salt = number.to_bytes(3, "little") + generation.to_bytes(2, "little")
    return hashlib.md5(key + salt).digest()[: min(KEY_BYTES + 5, 16)]


def _rc4(key: bytes, data: bytes) -> bytes:
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)
