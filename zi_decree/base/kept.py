"""What a process keeps for reuse (a batch's offices, the web app's threads): bounded, the oldest dropped first."""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

__all__ = ["Kept"]

K = TypeVar("K")
V = TypeVar("V")


class Kept(Generic[K, V]):
    """Values by key, at most `most` of them, safe to share between threads: the web app renders in threads, and
    dropping the oldest of a plain dict while another thread adds to it can raise, or lose what was just kept."""

    def __init__(self, most: int) -> None:
        self._items: dict[K, V] = {}
        self._most = most
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        return self._items.get(key)

    def keep(self, key: K, value: V) -> V:
        """`value` kept under `key`; the value kept first under it if another thread was quicker."""
        with self._lock:
            if key in self._items:
                return self._items[key]
            if len(self._items) >= self._most:
                del self._items[next(iter(self._items))]
            self._items[key] = value
            return value
