"""A health check for load balancers and container platforms."""

from __future__ import annotations

from flask import Blueprint, current_app

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> dict:
    """Say the app is up and how many banks it serves; reads no session, so sets no cookie."""
    return {"status": "ok", "banks": len(current_app.extensions["quiz.library"].banks)}
