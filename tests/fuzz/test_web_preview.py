"""Mutated fixture documents uploaded to the web (the upload page and its preview, as an editor): a
preview or the form again with a Chinese reason, never a 500. Each mutant is first read in the
contained worker (tests/fuzz/pipeline.py), so that a parser that would abort the process fails there
and not in this one. Then the documents `jixiao check` once passed and the web answered 500 for."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given

from jixiao.web.goals.models import Plan

from ..web.conftest import SEED, fast_passwords, users  # noqa: F401  (fixtures)
from .mutations import ZIPS, examples, mutants
from .pipeline import run


@pytest.mark.django_db
@examples(25)
@given(mutant=mutants((".txt", ".json", ".html") + ZIPS))
def test_a_mutant_uploaded_gets_a_preview_or_a_reason(mutant, users, client):  # noqa: F811
    name, data = mutant
    outcome, detail = run(name, data)
    assert outcome in {"read", "refused"}, f"{name}: {outcome}\n{detail}"
    client.force_login(users["editor"])
    response = client.post("/goals/upload/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "确认导入" in page or "不能导入" in page or 'class="errorlist' in page


def upload(client, user, text: str):
    client.force_login(user)
    return client.post("/goals/upload/", {"file": SimpleUploadedFile("目标.txt", text.encode())})


@pytest.mark.parametrize(("written", "target"), [("≥400人", "≥" + "9" * 30 + "人"), ("≥400人", "≥" + "1" * 41 + "人"),
                                                 ("≥500元", "≥" + "9" * 30 + "万元")])  # 每人保障补助标准金额 × 人数
def test_a_target_beyond_any_magnitude_is_shown_as_an_error_on_the_preview(written, target, users, client):  # noqa: F811
    response = upload(client, users["editor"], SEED.read_text("utf-8").replace(written, target, 1))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"指标值“{target}”超过15位整数，不是可计算的目标" in page
    assert "确认导入" not in page
    response = client.post("/goals/upload/confirm/")  # straight to the confirmation all the same: a 500 before
    assert response.status_code == 400 and "昌黎县总工会本级有1处错误，未导入" in response.content.decode()
    assert not Plan.objects.exists()


def test_a_document_with_two_projects_of_one_code_is_refused_without_a_500(users, client):  # noqa: F811
    lines = SEED.read_text("utf-8").split("\n")
    response = upload(client, users["editor"], "\n".join(lines + lines[55:165]))  # the first project pasted again
    assert response.status_code == 200
    page = response.content.decode()
    assert "的项目编码都是“13032221GVUVTX63BWWCQ”，同一文件中项目编码不能重复" in page
    assert "确认导入" not in page
    assert client.post("/goals/upload/confirm/").status_code < 500
    assert not Plan.objects.exists()
