"""The test suite's own arrangement: tests that share a costly fixture run on one xdist worker, in its group."""

from __future__ import annotations

import os

import pytest


@pytest.mark.xdist_group("probe")
def test_grouped_tests_carry_their_group(request: pytest.FixtureRequest) -> None:
    # --dist loadgroup sends a group's tests to one worker by the "@group" that xdist adds to their ids; with
    # pytest 9.2 it no longer did (pytest-dev/pytest-xdist#1386), and nothing failed: each worker made every shared
    # fixture (LibreOffice's conversions, the 35-office batch, Chromium) again. pyproject.toml holds pytest below it.
    if "PYTEST_XDIST_WORKER" not in os.environ or not request.config.getoption("loadgroup", False):
        pytest.skip("not run by xdist with --dist loadgroup")
    assert request.node.nodeid.endswith("@probe"), request.node.nodeid
