"""What a page showed of a record, as a short fingerprint its form sends back.

For records without a version column (a standard, a worker's checks, a draft round's list, the
self-evaluation's results): a save whose fingerprint no longer matches what the record is now is
refused (409) rather than overwriting, or acting on, another user's change.
"""

from __future__ import annotations

import hashlib
import json


def fingerprint(shown: object) -> str:
    text = "" if shown is None else json.dumps(shown, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
