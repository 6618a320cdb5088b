"""The theme schema: ids, short names and descriptions, loaded from TOML or JSON."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

from themeclf.errors import DataError
from themeclf.resources import shipped

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    description: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def default_schema_path() -> Path:
    return shipped("labels/themes.toml")


def parse_themes(text: str, source: str = "<themes>") -> list[Theme]:
    """Parse a schema: TOML ``[[theme]]`` tables, or JSON (a list, or {"themes": [...]})."""
    try:
        if text.lstrip().startswith(("[{", "{", "[\n", "[ ")) and not text.lstrip().startswith("[["):
            raw = json.loads(text)
            items = raw.get("themes", raw) if isinstance(raw, dict) else raw
        else:
            items = tomllib.loads(text).get("theme", [])
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{source}: not a valid theme schema ({exc})") from None
    if not isinstance(items, list) or not items:
        raise DataError(f"{source}: no themes found (expected [[theme]] tables with id and name)")
    themes: list[Theme] = []
    seen: set[str] = set()
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise DataError(f"{source}: theme {i} has no id")
        tid = item["id"]
        if not _ID_RE.match(tid):
            raise DataError(f"{source}: theme id {tid!r} must be lower case letters, digits and _")
        if tid in seen:
            raise DataError(f"{source}: theme id {tid!r} appears twice")
        seen.add(tid)
        themes.append(Theme(tid, str(item.get("name") or tid), str(item.get("description") or "")))
    return themes


def load_themes(path: str | Path | None = None) -> list[Theme]:
    """Load a schema file; without a path, the project's 14 codebook themes."""
    path = Path(path) if path else default_schema_path()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(f"{path}: no such theme schema file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read theme schema ({exc})") from None
    return parse_themes(text, str(path))
