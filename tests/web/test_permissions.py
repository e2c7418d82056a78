"""The buttons a page shows and what the services allow are one rule: for every role and every state
of a plan, each action `plan_actions` offers goes through `plan_act`, and each one it withholds is refused."""

import pytest
from django.core.exceptions import PermissionDenied

from jixiao.web.goals import permissions, services
from jixiao.web.goals.errors import GoalsError
from jixiao.web.goals.models import Plan

STATES = [Plan.DRAFT, Plan.SUBMITTED, Plan.FINANCE_REVIEW, Plan.APPROVED, Plan.PUBLISHED]
EXPECTED = {  # (user, state) -> actions offered
    ("editor", Plan.DRAFT): {"submit", "copy"}, ("approver", Plan.SUBMITTED): {"unit_approve", "unit_return"},
    ("finance", Plan.FINANCE_REVIEW): {"grade"}, ("approver", Plan.APPROVED): {"publish"},
    ("finance", Plan.APPROVED): {"publish"}, ("editor", Plan.APPROVED): {"copy"},
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("name", ["editor", "approver", "finance", "relief", "outsider"])
def test_what_is_offered_is_what_is_allowed(users, plan, name, state):
    Plan.objects.filter(pk=plan.pk).update(state=state)
    plan.refresh_from_db()
    user = users[name]
    offered = permissions.plan_actions(user, plan)
    if (name, state) in EXPECTED or name == "editor":
        assert offered == EXPECTED.get((name, state), {"copy"}), (name, state)
    for action in permissions.PLAN_ACTIONS:
        Plan.objects.filter(pk=plan.pk).update(state=state)
        plan.refresh_from_db()
        fresh = type(user).objects.get(pk=user.pk)
        if action in offered:  # the seed's review warnings confirmed, as the page's box does; a 退回 says why
            services.plan_act(plan=plan, action=action, user=fresh, grade="良", comment="请补充指标值确定依据",
                              confirm_warnings=True)
        else:
            with pytest.raises((PermissionDenied, GoalsError)):
                services.plan_act(plan=plan, action=action, user=fresh, grade="良", comment="")
        Plan.objects.exclude(pk=plan.pk).delete()  # a copy made by `copy` must not block the next one


def test_an_unknown_action_is_named(users, plan):
    with pytest.raises(GoalsError, match="没有操作“delete”"):
        services.plan_act(plan=plan, action="delete", user=users["editor"])
