"""Each plan records the rule set it is judged by (issue 15 §1): new plans take the installation's
(`JIXIAO_RULESET`), and the review, monitoring and self-evaluation of the plan read its own."""

from jixiao.formats.reader import read_path
from jixiao.web.evaluation import selectors
from jixiao.web.goals import services
from jixiao.web.goals.models import Plan

from .conftest import SEED, approve, login


def test_a_plan_is_judged_by_the_rule_set_it_was_made_with(settings, users, client):
    settings.RULESET = "CZ-2020-10-B80"
    document, _ = read_path(SEED)
    plan = services.plan_import(document=document, user=users["editor"])
    assert plan.ruleset == "CZ-2020-10-B80"
    approve(plan, users)
    settings.RULESET = "CZ-2020-10"  # the installation changes: the plan keeps its own
    plan = Plan.objects.get(pk=plan.pk)
    assert {s.ruleset for s in selectors.scores(plan)} == {"CZ-2020-10-B80"}
    page = login(client, users["finance"]).get(f"/goals/{plan.pk}/").content.decode()
    assert "CZ-2020-10-B80" in page


def test_an_unknown_rule_set_is_refused_before_a_plan_is_made(settings, users):
    import pytest

    from jixiao.rulesets import UnknownRuleSet

    settings.RULESET = "XX-2099"
    document, _ = read_path(SEED)
    with pytest.raises(UnknownRuleSet, match="XX-2099"):
        services.plan_import(document=document, user=users["editor"])
    assert not Plan.objects.exists()
