"""What walking issue 15's finance pages as a careless county finance officer (and as two at once) found,
each fixed: the desk, per-project grading, the indicator library, 二次监控 and the 一致性 colour."""

from __future__ import annotations

import time

import pytest

from jixiao.web.history.models import Entry
from jixiao.web.library import errors as library_errors
from jixiao.web.library import services as library
from jixiao.web.library.models import LibraryEntry

from .test_concurrency import at_once
from .test_library import _approved_plan


@pytest.mark.django_db(transaction=True)
def test_two_curators_promoting_one_indicator_at_once_make_one_entry(users, monkeypatch):
    """Two 财政审核 promote 职工书屋建设数量 from two units' approved plans at the same moment (a double click
    on two tabs): one entry, the other told it is there (409), one history line. On PostgreSQL both read
    no entry of that name before either wrote, and the library got it twice."""
    from django.contrib.auth.models import Group

    from jixiao.core.indicator_library import LibraryError
    from jixiao.web.accounts.roles import FINANCE

    second = type(users["finance"]).objects.create_user("finance2", password="x")
    second.groups.add(Group.objects.get(name=FINANCE))
    library.library_seed()
    one = _approved_plan("711201", 2021, [("职工书屋建设数量", "≥5个")]).projects.get().indicators.get()
    two = _approved_plan("711202", 2021, [("职工书屋建设数量", "≥8个")]).projects.get().indicators.get()
    clean = LibraryEntry.full_clean

    def slow_clean(self, *args, **kwargs):  # the time between the check and the insert, made long
        time.sleep(0.5)
        return clean(self, *args, **kwargs)

    monkeypatch.setattr(LibraryEntry, "full_clean", slow_clean)
    results = at_once(lambda: library.entry_promote(indicator=one, user=users["finance"]),
                      lambda: library.entry_promote(indicator=two, user=second))
    made = [r for r in results if isinstance(r, LibraryEntry)]
    refused = [r for r in results if isinstance(r, LibraryError)]
    assert len(made) == 1 and len(refused) == 1, results
    assert refused[0].status == 409 and refused[0].message == library_errors.ALREADY.format(
        name="职工书屋建设数量", unit="个", entry=made[0])
    assert LibraryEntry.objects.filter(name="职工书屋建设数量").count() == 1
    assert Entry.objects.filter(action="library_entry.promoted").count() == 1
