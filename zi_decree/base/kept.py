"""What a process keeps for reuse (a batch's offices, the web app's threads), bounded."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Kept"]

K = TypeVar("K")
V = TypeVar("V")


class Kept(Generic[K, V]):
    """Values by key, at most `most` of them and, with `weigh`, at most `most_weight` of their weights in all;
    safe to share between threads: the web app renders in threads, and dropping the oldest of a plain dict while
    another thread adds to it can raise, or lose what was just kept."""

    def __init__(self, most: int, weigh: Callable[[V], int] | None = None, most_weight: int = 0) -> None:
        self._items: OrderedDict[K, V] = OrderedDict()
        self._most = most
        self._weigh = weigh
        self._most_weight = most_weight
        self._weight = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)  # what every document asks for stays; a value of one goes first
            return value

    def keep(self, key: K, value: V) -> V:
        """`value` kept under `key`; the value kept under it already if another thread was quicker."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
            self._items[key] = value
            if self._weigh is not None:
                self._weight += self._weigh(value)
            while len(self._items) > self._most or (self._weigh is not None and self._weight > self._most_weight):
                _key, dropped = self._items.popitem(last=False)
                if self._weigh is not None:
                    self._weight -= self._weigh(dropped)
            return value
