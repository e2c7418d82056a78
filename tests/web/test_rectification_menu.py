"""The rectification ledger in the top menu: every role that sees a unit's ledger (单位填报, 单位审核, 帮扶干事,
财政审核, 管理员) finds 整改台账 there, which lists the units it sees with their years, items and open items,
each year leading to the ledger; a user without a role has no such link, and an outsider sees no other
unit's ledger."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model

from jixiao.web.rectification import services

from .conftest import login


def _items(plan, users):
    services.rectification_create(unit=plan.unit, year=2021, source_kind="audit", user=users["editor"],
                                  fields={"problem": "困难职工救助发放台账缺少签字"})
    services.rectification_create(unit=plan.unit, year=2021, source_kind="finance_inspection", user=users["finance"],
                                  fields={"problem": "劳模体检费用未按合同结算"})


def test_each_role_finds_the_ledger_in_the_menu_and_reaches_the_years_ledger(client, plan, users):
    _items(plan, users)
    for name in ("editor", "approver", "relief", "finance", "admin"):
        login(client, users[name])
        home = client.get("/goals/").content.decode()
        assert '<a href="/rectifications/">整改台账</a>' in home, name
        index = client.get("/rectifications/")
        text = index.content.decode()
        assert index.status_code == 200 and "昌黎县总工会本级（711001）" in text, name
        link = re.search(rf'<a href="(/rectifications/{plan.unit.pk}/2021/)">2021年</a>（2项，未完成2项）', text)
        assert link, name
        ledger = client.get(link[1]).content.decode()
        assert "昌黎县总工会本级2021年整改台账" in ledger and "劳模体检费用未按合同结算" in ledger, name


def test_an_outsider_sees_only_its_own_unit_and_a_user_without_a_role_no_link(client, plan, users):
    _items(plan, users)
    text = login(client, users["outsider"]).get("/rectifications/").content.decode()
    assert "柳溪县妇女联合会本级" in text and "昌黎县总工会本级" not in text
    assert client.get(f"/rectifications/{plan.unit.pk}/2021/").status_code == 404
    nobody = get_user_model().objects.create_user("nobody", password="x-密码-2021")
    home = login(client, nobody).get("/goals/").content.decode()
    assert "整改台账" not in home
    assert "你还没有可查看的单位" in client.get("/rectifications/").content.decode()
