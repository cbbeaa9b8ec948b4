"""Deterministic generator of synthetic, correctly-shaped tokens.

Used to fill `{{kind:arg}}` placeholders in the corpus cases (gen_corpus.py) and,
once, in the examples of checks/secrets.toml. Every token is random characters in
the provider's shape: none is a real credential. GitHub/npm tokens carry a valid
CRC32 checksum (`ghbad` deliberately breaks it).
"""

import base64
import json
import random
import re
import string
import zlib

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
HEX = "0123456789abcdef"
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
B64 = string.ascii_letters + string.digits + "+/"
URL = string.ascii_letters + string.digits + "_-"
LOWNUM = string.ascii_lowercase + string.digits
UPNUM = string.ascii_uppercase + string.digits


def _r(rng, chars, n):
    return "".join(rng.choice(chars) for _ in range(n))


def b62_crc(data):
    n = zlib.crc32(data.encode()) & 0xFFFFFFFF
    out = ""
    for _ in range(6):
        out = B62[n % 62] + out
        n //= 62
    return out


def github(rng, prefix):
    body = _r(rng, B62, 30)
    return f"{prefix}_{body}{b62_crc(body)}"


def github_bad(rng, prefix):
    tok = github(rng, prefix)
    last = tok[-1]
    return tok[:-1] + ("A" if last != "A" else "B")


def _b64url(obj):
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")


def jwt(rng, arg=""):
    header = {"alg": "HS256", "typ": "JWT"} if arg != "none" else {"alg": "none"}
    payload = {"sub": _r(rng, LOWNUM, 12), "iat": 1700000000 + rng.randint(0, 10**7), "role": arg or "service"}
    sig = _r(rng, URL, 43) if arg != "none" else ""
    return f"{_b64url(header)}.{_b64url(payload)}.{sig}"


def pem(rng, kind):
    label = {"rsa": "RSA PRIVATE KEY", "pkcs8": "PRIVATE KEY", "ec": "EC PRIVATE KEY",
             "openssh": "OPENSSH PRIVATE KEY", "pgp": "PGP PRIVATE KEY BLOCK",
             "enc": "ENCRYPTED PRIVATE KEY"}[kind]
    lines = [_r(rng, B64, 64) for _ in range(rng.randint(6, 12))]
    lines.append(_r(rng, B64, 20) + "==")
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"


def pem_escaped(rng, kind):
    return pem(rng, kind).replace("\n", "\\n") + "\\n"


def aws_id(rng, prefix="AKIA"):
    return prefix + _r(rng, B32, 16)


def aws_secret(rng):
    while True:
        s = _r(rng, B64, 40)
        if any(c.islower() for c in s) and any(c.isupper() for c in s) and any(c.isdigit() for c in s):
            return s


def password(rng, n=16):
    # No '@', '#', '%', '$': they would be URL syntax, comments or interpolation.
    chars = string.ascii_letters + string.digits + "!^*-_+"
    while True:
        s = _r(rng, chars, n)
        if any(c.isdigit() for c in s) and s[0].isalnum():
            return s


GENERATORS = {
    "b62": lambda rng, a: _r(rng, B62, int(a)),
    "hex": lambda rng, a: _r(rng, HEX, int(a)),
    "HEX": lambda rng, a: _r(rng, HEX.upper(), int(a)),
    "b64": lambda rng, a: _r(rng, B64, int(a)),
    "url": lambda rng, a: _r(rng, URL, int(a)),
    "lownum": lambda rng, a: _r(rng, LOWNUM, int(a)),
    "upnum": lambda rng, a: _r(rng, UPNUM, int(a)),
    "b32": lambda rng, a: _r(rng, B32, int(a)),
    "digits": lambda rng, a: str(rng.randint(1, 9)) + _r(rng, string.digits, int(a) - 1),
    "alpha": lambda rng, a: _r(rng, string.ascii_letters, int(a)),
    "gh": lambda rng, a: github(rng, a),
    "ghbad": lambda rng, a: github_bad(rng, a),
    "jwt": lambda rng, a: jwt(rng, a),
    "pem": lambda rng, a: pem(rng, a),
    "pemesc": lambda rng, a: pem_escaped(rng, a),
    "awsid": lambda rng, a: aws_id(rng, a or "AKIA"),
    "awssecret": lambda rng, a: aws_secret(rng),
    "pw": lambda rng, a: password(rng, int(a or 16)),
    "b64of": lambda rng, a: base64.b64encode(a.encode()).decode(),
    "b64pw": lambda rng, a: base64.b64encode(password(rng, int(a or 16)).encode()).decode(),
    "bech32up": lambda rng, a: _r(rng, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", int(a)),
    "uuid": lambda rng, a: "-".join(_r(rng, HEX, n) for n in (8, 4, 4, 4, 12)),
    # django-admin startproject's alphabet for SECRET_KEY.
    "dj": lambda rng, a: _r(rng, "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)", int(a or 50)),
}

PLACEHOLDER = re.compile(r"\{\{(\w+)(?::([^}]*))?\}\}")


def fill(text, rng):
    return PLACEHOLDER.sub(lambda m: GENERATORS[m.group(1)](rng, m.group(2) or ""), text)
