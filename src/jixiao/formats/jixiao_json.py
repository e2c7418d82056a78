"""The exchange format jixiao/1: JSON, money in 元 and percentages as decimal
strings, validated by the JSON Schema that `jixiao schema` prints."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from importlib.resources import files

import jsonschema

from ..core.checks import check_document
from ..core.document import (
    FORM_FIELDS,
    Budget,
    DepartmentGoals,
    GoalDocument,
    Indicator,
    Measure,
    Project,
    SubGoal,
    Unit,
)
from ..core.frameworks import canonical_levels
from ..core.problems import Problem, ReadError
from ..core.spending_plan import SpendingPlan
from ..core.targets import Target
from . import limits
from .errors import BAD_JSON, JSON_NOT_UTF8_MESSAGE, JSON_SYNTAX_MESSAGE, SCHEMA, SCHEMA_MESSAGE

FORMAT = "jixiao/1"


@cache
def schema() -> dict:
    return json.loads(files(__package__).joinpath("jixiao-1.schema.json").read_text("utf-8"))


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def to_dict(doc: GoalDocument) -> dict:
    dept = doc.department
    return {
        "format": FORMAT,
        "unit": {"code": doc.unit.code, "name": doc.unit.name},
        "year": doc.year,
        "framework": doc.framework,
        "template": doc.template,
        "form": sorted(doc.form),
        "department": None if dept is None else {
            "overall_goal": dept.overall_goal,
            "sub_goals": [{"name": s.name, "goal": s.goal, "indicators_text": s.indicators_text,
                           "indicators": [_indicator(i) for i in s.indicators], "projects": list(s.projects)}
                          for s in dept.sub_goals],
            "measures": [{"name": m.name, "text": m.text} for m in dept.measures],
            "indicators": [_indicator(i) for i in dept.indicators],
        },
        "projects": [project_dict(p) for p in doc.projects],
    }


def project_dict(p: Project) -> dict:
    return {
        "code": p.code,
        "name": p.name,
        "budget": {"total": _dec(p.budget.total), "fiscal": _dec(p.budget.fiscal), "other": _dec(p.budget.other)},
        "purpose": p.purpose,
        "spending_plan": {str(m): _dec(v) for m, v in p.spending_plan.known()},
        "goals": list(p.goals),
        "indicators": [_indicator(i) for i in p.indicators],
    }


def _indicator(i: Indicator) -> dict:
    t = i.target
    out: dict[str, object] = {
        "level1": i.level1, "level2": i.level2, "name": i.name, "description": i.description,
        "target": {"raw": t.raw, "op": t.op, "value": _dec(t.value), "value_hi": _dec(t.value_hi),
                   "unit": t.unit, "inferred": t.inferred},
        "basis": i.basis,
    }
    if i.weight is not None:
        out["weight"] = _dec(i.weight)
    if (canonical := canonical_levels(i.level1, i.level2)) != (i.level1, i.level2):
        out["canonical"] = {"level1": canonical[0], "level2": canonical[1]}  # what a province's level names mean
    return out


def dumps(doc: GoalDocument) -> str:
    return json.dumps(to_dict(doc), ensure_ascii=False, indent=1)


def read_json(data: bytes, source: str = "") -> tuple[GoalDocument, list[Problem]]:
    limits.check_json(data, source)  # size, then depth, before json.loads
    try:
        obj = json.loads(data.decode("utf-8-sig"))
        doc = from_dict(obj, source)  # (nesting is bounded by check_json: neither recursion can overflow)
    except UnicodeDecodeError as exc:
        raise ReadError(BAD_JSON, JSON_NOT_UTF8_MESSAGE, source) from exc
    except json.JSONDecodeError as exc:
        raise ReadError(BAD_JSON, JSON_SYNTAX_MESSAGE.format(line=exc.lineno, column=exc.colno), source) from exc
    return doc, check_document(doc)


def from_dict(obj, source: str = "") -> GoalDocument:
    errors = sorted(_validator().iter_errors(obj), key=lambda e: list(e.path))
    if errors:
        e = _inner(errors[0])
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.absolute_path).lstrip(".") or "（根）"
        raise ReadError(SCHEMA, SCHEMA_MESSAGE.format(where=where, reason=_explain(e)), source, exit_code=1)
    dept = obj["department"]
    doc = GoalDocument(
        unit=Unit(**obj["unit"]), year=obj["year"], framework=obj["framework"],
        department=None if dept is None else DepartmentGoals(
            dept["overall_goal"], [_read_sub_goal(s) for s in dept["sub_goals"]],
            [Measure(**m) for m in dept["measures"]],
            [_read_indicator(i) for i in dept.get("indicators", [])]),  # files before the unit's own have none
        projects=[_read_project(p, k) for k, p in enumerate(obj["projects"])],
        template=obj.get("template", ""), form=frozenset(obj.get("form", FORM_FIELDS)),
    )
    doc.places["document"] = source
    return doc


def _inner(e: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """Inside “null or an object” (department), the error of the object, which names the place."""
    while e.validator == "oneOf" and isinstance(e.instance, dict):
        inner = [c for c in e.context or [] if c.validator != "type"]
        if not inner:
            break
        e = max(inner, key=lambda c: len(c.absolute_path))
    return e


_TYPES = {"string": "文本", "integer": "整数", "object": "对象", "array": "列表", "boolean": "true或false",
          "null": "null", "number": "数字"}


def _explain(e: jsonschema.ValidationError) -> str:
    """The schema error in the words a person reads."""
    v = e.validator_value
    match e.validator:
        case "required":
            missing = [k for k in v if isinstance(e.instance, dict) and k not in e.instance]
            return f"缺少字段“{'、'.join(missing)}”"
        case "additionalProperties":
            return "有不认识的字段"
        case "type":
            return f"应为{_TYPES.get(v, v)}"
        case "const":
            return f"应为“{v}”"
        case "enum":
            return f"应为{'、'.join(map(str, v))}之一"
        case "pattern":
            return f"“{e.instance}”不是十进制数字（金额和百分数须写成字符串，如\"200000.00\"）"
        case "minimum" | "maximum":
            return f"{e.instance}超出允许范围"
        case "propertyNames":
            return "资金支出计划的月份只能是3、6、10、12"
        case "oneOf":
            return "既不是null也不是合乎要求的对象" if "department" in e.path else "取值不合要求"
    return "取值不合要求"


def _read_sub_goal(s: dict) -> SubGoal:
    """A 分项目标; files written before sub-goals had indicators and project links have neither."""
    return SubGoal(s["name"], s["goal"], s["indicators_text"],
                   [_read_indicator(i) for i in s.get("indicators", [])], list(s.get("projects", [])))


def _read_project(p: dict, k: int) -> Project:
    money = p["budget"]
    project = Project(
        code=p["code"], name=p["name"],
        budget=Budget(Decimal(money["total"]), Decimal(money["fiscal"]), Decimal(money["other"])),
        purpose=p["purpose"],
        spending_plan=SpendingPlan({int(m): Decimal(v) for m, v in p["spending_plan"].items()}),
        goals=list(p["goals"]),
        indicators=[_read_indicator(i) for i in p["indicators"]],
    )
    at = f"projects[{k}]"
    project.places.update(code=f"{at}.code", budget=f"{at}.budget", spending_plan=f"{at}.spending_plan",
                          indicators=f"{at}.indicators")
    return project


def _read_indicator(i: dict) -> Indicator:
    t = i["target"]
    opt = lambda v: None if v is None else Decimal(v)
    return Indicator(
        i["level1"], i["level2"], i["name"], i["description"],
        Target(t["raw"], t["op"], opt(t["value"]), opt(t["value_hi"]), t["unit"], t["inferred"]),
        i["basis"], opt(i.get("weight")),
    )
