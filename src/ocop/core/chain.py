"""The audit log's hash chain: each entry's hash covers its content and the previous hash.

Changing, inserting or deleting a row in the middle breaks the chain at that row, which
``ocop verify_audit`` reports. The canonical form is plain JSON (sorted keys, no spaces,
UTF-8) so that it can be recomputed by any tool. ``actor_id`` is left out on purpose: the
account link is set to NULL when an account is deleted, while ``actor_label`` keeps who
acted and is covered.
"""

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

# The hash before the first entry.
GENESIS = "0" * 64
# PostgreSQL advisory lock key that serialises appends (any constant no other code uses).
CHAIN_LOCK = 0x0C0DA0D17
# One round trip on PostgreSQL: take the lock, then read the head with a fresh snapshot
# (a VOLATILE function's statements each see what committed before they started, so the
# head is read after the lock is held, never before).
POSTGRESQL_HEAD_FUNCTION = f"""
CREATE OR REPLACE FUNCTION core_auditentry_chain_head() RETURNS varchar
LANGUAGE plpgsql VOLATILE AS $$
DECLARE head varchar;
BEGIN
    PERFORM pg_advisory_xact_lock({CHAIN_LOCK});
    SELECT entry_hash INTO head FROM core_auditentry ORDER BY id DESC LIMIT 1;
    RETURN head;
END
$$
"""
# The id is not covered (it is assigned by the insert); the order is the chain itself.
HASHED_FIELDS = (
    "at",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "data",
    "reason",
)


def _at(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(values: Mapping[str, Any], *, prev_hash: str) -> bytes:
    """The bytes that are hashed for one entry (``values`` holds ``HASHED_FIELDS``)."""
    body = {name: values[name] for name in HASHED_FIELDS}
    body["at"] = _at(body["at"])
    body["prev_hash"] = prev_hash
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(values: Mapping[str, Any], *, prev_hash: str) -> str:
    return hashlib.sha256(canonical(values, prev_hash=prev_hash)).hexdigest()
