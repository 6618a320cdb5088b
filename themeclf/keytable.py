"""A hash table of 64-bit keys in numpy: open addressing with linear probing, looked up for a
whole array of keys at once. A lookup reads about one slot, where a binary search among 100k+
sorted keys takes some seventeen dependent reads."""

from __future__ import annotations

import numpy as np

_ONE = np.uint64(1)


def python_hashes(strings) -> np.ndarray:
    """Python's hash of each string, as unsigned 64-bit keys (salted per process: never store them)."""
    return np.fromiter(map(hash, strings), dtype=np.int64, count=len(strings)).view(np.uint64)


def _unsigned(keys) -> np.ndarray:
    keys = np.asarray(keys)
    return keys.view(np.uint64) if keys.dtype.kind == "i" and keys.itemsize == 8 else keys.astype(np.uint64)


class KeyTable:
    """Maps distinct 64-bit keys to non-negative int values; a key not in it finds -1 (a key
    given twice finds one of its values). Slot keys of 0 mark empty slots, so the key 0 itself is
    kept aside."""

    def __init__(self, keys, values, load: float = 0.25):
        keys, values = _unsigned(keys), np.asarray(values, dtype=np.int64)
        if len(keys) != len(values):
            raise ValueError("as many keys as values are needed")
        if len(values) and values.min() < 0:
            raise ValueError("values must not be negative")
        zero = keys == 0
        self.zero = int(values[np.flatnonzero(zero)[0]]) if zero.any() else -1
        keys, values = keys[~zero], values[~zero]
        size = 1 << max(4, int(np.ceil(np.log2(max(1.0, len(keys) / load)))))
        self.mask = np.uint64(size - 1)
        self.keys = np.zeros(size, dtype=np.uint64)
        self.values = np.full(size, -1, dtype=np.int32 if not len(values) or values.max() < 2**31 else np.int64)
        self.probes = self._insert(keys, values)

    def _insert(self, keys: np.ndarray, values: np.ndarray) -> int:
        """Insert in rounds: in round r each key still waiting tries the r-th slot after its
        home; of the keys that try one free slot, one lands. A key thus sits behind a run of
        slots that were full when it passed them, which is what a lookup walks. Returns the
        longest walk a lookup may need."""
        home = keys & self.mask
        waiting = np.arange(len(keys))
        step = 0
        while len(waiting):
            slots = (home[waiting] + np.uint64(step)) & self.mask
            free = np.flatnonzero(self.keys[slots] == 0)
            trying, at = waiting[free], slots[free]
            self.keys[at] = keys[trying]
            landed = self.keys[at] == keys[trying]
            self.values[at[landed]] = values[trying[landed]]
            placed = np.zeros(len(waiting), dtype=bool)
            placed[free[landed]] = True
            waiting = waiting[~placed]
            step += 1
        return step

    def __len__(self) -> int:
        return int((self.keys != 0).sum()) + (self.zero >= 0)

    def find(self, keys) -> np.ndarray:
        """Each key's value, or -1."""
        keys = given = _unsigned(keys)
        out = np.full(len(keys), -1, dtype=np.int64)
        todo = np.arange(len(keys))
        slots = keys & self.mask
        for _ in range(self.probes):
            found = self.keys[slots]
            hit = found == keys
            out[todo[hit]] = self.values[slots[hit]]  # key 0 meets an empty slot: -1
            go_on = ~hit & (found != 0)  # an empty slot ends the search
            if not go_on.any():
                break
            todo, keys, slots = todo[go_on], keys[go_on], (slots[go_on] + _ONE) & self.mask
        if self.zero >= 0:
            out[given == 0] = self.zero
        return out
