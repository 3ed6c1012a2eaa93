"""API tokens: random bearer secrets, stored only as SHA-256 hashes, each with a name and a role.

Roles, weakest first: reader (read when reading is closed), reviewer (review actions), admin (also
manages tokens).  The table (`store.models.api_tokens`) is created by the Alembic revision 0002_api_tokens.  A token is shown once,
when created; the store keeps its hash and an 8-character prefix to recognise it in listings.
Tokens carry 256 random bits, so a plain SHA-256 (no salt, no slow hash) cannot be reversed or guessed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update

from sitrep.store.models import api_tokens

ROLES = ("reader", "reviewer", "admin")
RANK = {r: i for i, r in enumerate(ROLES)}
PREFIX = "sitrep_"



@dataclass(frozen=True)
class Principal:
    """Who is calling: the token's id, name and role."""

    id: int
    name: str
    role: str
    token_hash: str

    def can(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]

    @property
    def csrf(self) -> str:
        """The CSRF token for a browser session of this token: derived from the token's hash, which a
        cross-site page cannot know; sent back by the page in the X-CSRF-Token header."""
        return hmac.new(self.token_hash.encode(), b"sitrep-csrf", hashlib.sha256).hexdigest()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(engine, name: str, role: str) -> tuple[int, str]:
    """A new token for `name` with `role`: returns (id, secret).  The secret is not stored."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if not name or len(name) > 200:
        raise ValueError("a token needs a name (1-200 characters): it is the reviewer's name in the audit log")
    secret = PREFIX + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        res = conn.execute(
            api_tokens.insert().values(
                name=name,
                role=role,
                token_hash=hash_token(secret),
                prefix=secret[: len(PREFIX) + 4],
                created_at=datetime.now(UTC),
            )
        )
        return int(res.inserted_primary_key[0]), secret


def verify(engine, secret: str | None) -> Principal | None:
    """The principal of a valid, unrevoked token; None otherwise."""
    if not secret or len(secret) > 200:
        return None
    h = hash_token(secret)
    with engine.connect() as conn:
        row = conn.execute(
            select(api_tokens.c.id, api_tokens.c.name, api_tokens.c.role, api_tokens.c.token_hash).where(
                api_tokens.c.token_hash == h, api_tokens.c.revoked_at.is_(None)
            )
        ).first()
    if row is None or not hmac.compare_digest(row.token_hash, h):
        return None
    return Principal(row.id, row.name, row.role, row.token_hash)


def list_tokens(engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(api_tokens).order_by(api_tokens.c.id)).all()
    return [
        {
            "id": r.id,
            "name": r.name,
            "role": r.role,
            "prefix": r.prefix,
            "created_at": r.created_at.isoformat() if r.created_at else None,
            "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None,
        }
        for r in rows
    ]


def revoke(engine, token_id: int) -> bool:
    """Revoke a token (kept for the record); False when there is no such active token."""
    with engine.begin() as conn:
        res = conn.execute(
            update(api_tokens)
            .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
        return res.rowcount > 0
