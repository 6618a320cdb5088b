"""A labelling session: paragraphs to read, labels appended safely to a JSONL file, resumable.

The interaction (keys, screen) lives in the CLI; this module keeps the state and the file.
Every decision is appended and flushed to disk at once, so Ctrl-C or a crash loses nothing;
a restarted session skips what is already in the output.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from themeclf.atomic import atomic_open
from themeclf.errors import DataError
from themeclf.textnorm import key

KEYS = "1234567890abcdefghijklmnoprtvwxyz"  # s, u, q are commands


def theme_keys(theme_ids: Sequence[str]) -> dict[str, str]:
    if len(theme_ids) > len(KEYS):
        raise DataError(f"too many themes for one key each ({len(theme_ids)} > {len(KEYS)})")
    return {KEYS[i]: t for i, t in enumerate(theme_ids)}


def item_id(item: dict) -> str:
    return str(item.get("id") or key(item["text"])[:200])


@dataclass
class Session:
    items: list[dict]
    out: Path
    done: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, items: list[dict], out: str | Path) -> "Session":
        out = Path(out)
        done: list[str] = []
        if out.exists():
            lines = out.read_text(encoding="utf-8").splitlines()
            good = []
            for line in lines:
                try:
                    obj = json.loads(line)
                    done.append(item_id(obj))
                    good.append(line)
                except (json.JSONDecodeError, KeyError, TypeError):
                    continue  # a line cut short by a crash: dropped, its paragraph is asked again
            if len(good) != len(lines):
                with atomic_open(out) as fh:
                    fh.write("".join(g + "\n" for g in good))
        return cls(items, out, done)

    def remaining(self) -> list[dict]:
        seen = set(self.done)
        return [it for it in self.items if item_id(it) not in seen]

    def record(self, item: dict, labels: list[str] | None, skipped: bool = False) -> None:
        """Append one decision (skips are recorded too, so a resumed session does not ask again)."""
        rec = {k: v for k, v in item.items() if k not in {"scores", "labels", "uncertain_about"}}
        rec["labels"] = sorted(labels or [])
        if skipped:
            rec["skipped"] = True
        if "id" not in rec:
            rec["id"] = item_id(item)
        with open(self.out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        self.done.append(item_id(item))

    def undo(self) -> str | None:
        """Remove the last decision; return its id (or None if there is none)."""
        if not self.done or not self.out.exists():
            return None
        lines = self.out.read_text(encoding="utf-8").splitlines()
        with atomic_open(self.out) as fh:
            fh.write("".join(line + "\n" for line in lines[:-1]))
        return self.done.pop()


def _votes(readings: Sequence[Sequence[str]]) -> Counter:
    """How many of the readings tick each theme."""
    return Counter(theme for labels in readings for theme in set(labels))


def majority_labels(readings: Sequence[Sequence[str]]) -> list[str]:
    """Settle several independent readings of one paragraph: the themes that more than half of
    the readings tick (two of three)."""
    return sorted(t for t, n in _votes(readings).items() if n * 2 > len(readings))


def tied_themes(readings: Sequence[Sequence[str]]) -> list[str]:
    """The themes that exactly half of the readings tick: no majority either way (two readers who
    disagree), so a further reading must settle them."""
    return sorted(t for t, n in _votes(readings).items() if n * 2 == len(readings))
