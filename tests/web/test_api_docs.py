"""The API's documentation (/api/docs, from /api/openapi.json) speaks Chinese: every operation has a
Chinese summary and description, and the tags, parameters and schema fields it describes are Chinese too."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
CODE = re.compile(r"`[^`]*`")  # field names, enum values and formats in backticks are code, not prose
WORD = re.compile(r"[A-Za-z]{3,}")
# English a reader of the docs meets as it is: names of formats, programs and protocols, no prose.
ALLOWED = {"API", "JSON", "CSV", "Excel", "Word", "PDF", "CSRF", "Bearer", "Cookie"}
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def schema() -> dict:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(schema: dict) -> list[tuple[str, str, dict]]:
    return [(method.upper(), path, op) for path, item in schema["paths"].items()
            for method, op in item.items() if method in METHODS]


def prose_problem(text: str | None) -> str:
    """What is wrong with a text shown to a reader: empty, no Chinese, or English words; "" when fine."""
    if not text or not text.strip():
        return "空"
    if not CJK.search(text):
        return f"没有中文：{text!r}"
    english = sorted(set(WORD.findall(CODE.sub("", text))) - ALLOWED)
    return f"含英文{english}：{text!r}" if english else ""


def test_the_checker_catches_english_and_passes_code_in_backticks():
    assert prose_problem("Plan List")
    assert prose_problem("计划列表，see below")
    assert prose_problem("") and prose_problem(None)
    assert prose_problem("`action`为`submit`时提交；上传Excel或CSV文件") == ""


def test_every_operation_has_a_chinese_summary_and_description(schema):
    ops = operations(schema)
    assert len(ops) >= 58
    problems = [f"{method} {path} {part}：{why}" for method, path, op in ops
                for part in ("summary", "description") if (why := prose_problem(op.get(part)))]
    assert problems == []
    summaries = [op["summary"] for _, _, op in ops]
    assert len(set(summaries)) == len(summaries), "每个接口的摘要应各不相同"
    assert all(len(s) <= 12 for s in summaries), "摘要应简短"


def test_the_title_description_tags_and_responses_are_chinese(schema):
    assert CJK.search(schema["info"]["title"]) and prose_problem(schema["info"]["description"]) == ""
    tags = {tag for _, _, op in operations(schema) for tag in op.get("tags", [])}
    assert tags and all(CJK.search(tag) and not WORD.search(tag) for tag in tags)
    problems = {f"{method} {path} {status}：{why}" for method, path, op in operations(schema)
                for status, response in op["responses"].items() if (why := prose_problem(response["description"]))}
    assert problems == set()


def test_every_parameter_is_described_in_chinese(schema):
    problems = [f"{method} {path} {p['name']}：{why}" for method, path, op in operations(schema)
                for p in op.get("parameters", []) if (why := prose_problem(p.get("description")))]
    assert problems == []


def _properties(node, where: str):
    """Every schema property anywhere in the document, with where it is."""
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            yield f"{where}.{name}", prop
        for key, value in node.items():
            yield from _properties(value, f"{where}.{key}")
    elif isinstance(node, list):
        for k, value in enumerate(node):
            yield from _properties(value, f"{where}[{k}]")


def test_every_field_description_is_chinese(schema):
    described = [(where, prop["description"]) for where, prop in _properties(schema, "")
                 if isinstance(prop, dict) and "description" in prop]
    assert len(described) > 30
    problems = [f"{where}：{why}" for where, text in described if (why := prose_problem(text))]
    assert problems == []


def test_the_docs_page_renders():
    response = Client().get("/api/docs")
    assert response.status_code == 200
    assert b"/api/openapi.json" in response.content
