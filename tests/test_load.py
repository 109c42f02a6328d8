"""Several visitors at once on the shared server: no exception, and each keeps its own state.

A smaller run of ``python -m benchmarks.load_test`` (eight visitors, two training, memory), with
the same code: three browser contexts walk every page at the same time, one of them training.
"""

from __future__ import annotations

import pytest

from benchmarks.load_test import plan_visitors, run_load

pytestmark = pytest.mark.browser


def test_three_visitors_at_once_see_no_exception_and_keep_their_own_state(server_url, tmp_path):
    visitors = plan_visitors(3, trainers=1, epochs=1)
    assert len({visitor.sample for visitor in visitors}) == 3  # each chooses its own picture

    report = run_load(server_url, visitors, screenshots=tmp_path)

    assert report.errors == []  # every step finished (screenshots of failures in tmp_path)
    assert report.exceptions == []
    assert report.problems == []  # own picture on every page, own slider values, no foreign run
    for visit in report.visits:
        opened = {step.page for step in visit.interactions if step.action.startswith("open")}
        assert opened == set(visit.visitor.route)
    (trainer,) = report.trainers
    assert trainer.run_label.startswith("Run 1: ")
    assert "75% train" in trainer.run_label  # the fraction this visitor set, not the default
