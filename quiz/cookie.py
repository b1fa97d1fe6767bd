"""The signed session cookie, read so that nothing it holds can break a page.

Flask's own reader turns away a cookie with a bad signature, but trusts whatever a good
signature covers. Only someone with the secret key can sign a cookie, yet a key leaked or
shared with another app must not turn into error pages: what is not the shape the quiz, Flask
and Flask-WTF write is dropped, as a cookie that does not check out would be.
"""

from __future__ import annotations

import json
import re

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadData


class PlainJSON:
    """Plain JSON: the quiz keeps only text, numbers, lists and objects in the cookie.

    Flask's default adds tags for other types (such as Markup, which a template would show
    unescaped); none are needed here, so none are read.
    """

    @staticmethod
    def dumps(value: object) -> str:
        return json.dumps(value, separators=(",", ":"))

    @staticmethod
    def loads(text: str | bytes) -> object:
        return json.loads(text)


def _is_text_pairs(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(part, str) for part in pair) for pair in value)


# What Flask and Flask-WTF keep in the session, and the shape each must have to be used.
SHAPES = {
    # Flask-WTF's raw token, a SHA-1 in hex: any other (only a key holder could sign one) would be
    # compared with every form's token and fail each time, so that no form could ever be sent.
    "csrf_token": lambda value: isinstance(value, str) and re.fullmatch("[0-9a-f]{40}", value) is not None,
    "_flashes": _is_text_pairs,  # [category, message] pairs
}


def usable(data: object) -> dict:
    """Return the parts of a cookie's data that have the shape their readers expect."""
    if not isinstance(data, dict):
        return {}
    return {name: value for name, value in data.items() if name not in SHAPES or SHAPES[name](value)}


class CookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, written as plain JSON and read defensively."""

    serializer = PlainJSON()

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        signer = self.get_signing_serializer(app)
        if signer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        try:
            data = signer.loads(cookie, max_age=int(app.permanent_session_lifetime.total_seconds()))
        except BadData:  # a bad signature, an expired cookie, or content that is not JSON at all
            return self.session_class()
        return self.session_class(usable(data))
