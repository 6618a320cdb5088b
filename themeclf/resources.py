"""Where the shipped theme schema and default model live (source checkout or installed)."""

from __future__ import annotations

import sys
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent
_INSTALLED = Path(sys.prefix) / "share" / "themeclf"


def shipped(relative: str) -> Path:
    """Path of a shipped file such as ``models/default.joblib`` or ``labels/themes.toml``."""
    for root in (_CHECKOUT, _INSTALLED):
        path = root / relative
        if path.exists():
            return path
    return _CHECKOUT / relative
