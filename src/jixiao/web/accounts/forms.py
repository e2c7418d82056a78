"""Forms of the accounts pages: only what is typed, in Chinese; the services check the rest and
their errors are put back on the field they name (add_errors)."""

from __future__ import annotations

from django import forms

from ..form_errors import Form
from .errors import AccountsError


def _text(label: str, *, required: bool = True, max_length: int = 200, password: bool = False, help_text: str = ""):
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text, strip=not password,
        widget=forms.PasswordInput(render_value=False) if password else None,
        error_messages={"required": f"请填写{label}", "max_length": f"{label}最长{max_length}个字符"})


def add_errors(form: forms.Form, exc: AccountsError) -> None:
    """The service's error on the field it names, or on the whole form."""
    placed = False
    for field, message in exc.fields.items():
        if field in form.fields:
            form.add_error(field, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


class UnitForm(Form):
    code = _text("单位编码", max_length=20, help_text="如：711001")
    name = _text("单位名称", help_text="如：昌黎县总工会本级")
    finance_bureau = _text("上级财政部门", required=False, help_text="审核本单位绩效目标的财政部门，如：昌黎县财政局")
    # What the edit page showed (code, name and bureau), so that a save from a stale page is refused.
    seen_code = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20, strip=False)
    seen_name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200, strip=False)
    seen_bureau = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200, strip=False)

    @staticmethod
    def initial_for(unit) -> dict:
        shown = {"code": unit.code, "name": unit.name, "finance_bureau": unit.finance_bureau}
        return shown | {"seen_code": unit.code, "seen_name": unit.name, "seen_bureau": unit.finance_bureau}

    def fields_to_save(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("code", "name", "finance_bureau")}

    def seen(self) -> tuple[str, str, str] | None:
        data = self.cleaned_data
        return None if not data["seen_code"] else (data["seen_code"], data["seen_name"], data["seen_bureau"])


class UserCreateForm(Form):
    login = _text("登录名", max_length=150, help_text="登录时填写，建立后不能修改")
    name = _text("姓名", max_length=150)
    password = _text("初始密码", required=False, max_length=128, password=True,
                     help_text="留空则自动生成一个，只显示一次；请转告本人，登录后由本人修改")
    role = forms.ChoiceField(label="角色", required=False)
    unit = forms.ChoiceField(label="单位", required=False, help_text="单位填报、单位审核、帮扶干事需要指定单位")

    def __init__(self, *args, roles: list[str], units: list, **kwargs):
        super().__init__(*args, **kwargs)
        role, unit = self.fields["role"], self.fields["unit"]
        assert isinstance(role, forms.ChoiceField) and isinstance(unit, forms.ChoiceField)
        role.choices = [("", "（暂不授予）")] + [(r, r) for r in roles]
        unit.choices = [("", "（不属于单位）")] + [(u.code, f"{u.code} {u.name}") for u in units]
        for name in ("role", "unit"):
            self.fields[name].error_messages["invalid_choice"] = "请从列表中选择"


class UserEditForm(Form):
    name = _text("姓名", max_length=150)
    is_active = forms.BooleanField(label="启用（停用后不能登录，也不能用令牌调用接口）", required=False)
    # What the page showed, so that a save from a stale page is refused instead of undoing another's change.
    seen_name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=150, strip=False)
    seen_active = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1)

    @staticmethod
    def initial_for(user) -> dict:
        return {"name": user.first_name, "is_active": user.is_active, "seen_name": user.first_name,
                "seen_active": "1" if user.is_active else "0"}

    def seen(self) -> tuple[str, bool] | None:
        data = self.cleaned_data
        return None if data["seen_active"] == "" else (data["seen_name"], data["seen_active"] == "1")


class MembershipForm(Form):
    role = forms.ChoiceField(label="角色", error_messages={"required": "请选择角色", "invalid_choice": "请从列表中选择角色"})
    unit = forms.ChoiceField(label="单位", required=False, error_messages={"invalid_choice": "请从列表中选择单位"},
                             help_text="财政审核、管理员不属于单位，留空")

    def __init__(self, *args, roles: list[str], units: list, **kwargs):
        super().__init__(*args, **kwargs)
        role, unit = self.fields["role"], self.fields["unit"]
        assert isinstance(role, forms.ChoiceField) and isinstance(unit, forms.ChoiceField)
        role.choices = [("", "请选择")] + [(r, r) for r in roles]
        unit.choices = [("", "（不属于单位）")] + [(u.code, f"{u.code} {u.name}") for u in units]


class ReviewAreaForm(Form):
    """A 财政审核's area: one of the 财政部门 the units name, or every unit; and the area the page showed."""

    finance_bureau = forms.ChoiceField(label="财政审核范围", required=False,
                                       error_messages={"invalid_choice": "没有单位以“%(value)s”为上级财政部门，请从列表中选择"},
                                       help_text="该财政审核只看到、评级上级财政部门为此的单位；选“全部单位”则不限")
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200, strip=False)

    def __init__(self, *args, bureaus: list[tuple[str, int]], current: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["finance_bureau"]
        assert isinstance(field, forms.ChoiceField)
        choices = [("", "全部单位（不限）")] + [(b, f"{b}（{n}个单位）") for b, n in bureaus]
        if current and current not in dict(bureaus):  # set before its units (jixiao users set-area): kept
            choices.append((current, f"{current}（现无单位）"))
        field.choices = choices

    @staticmethod
    def initial_for(current: str) -> dict:
        return {"finance_bureau": current, "seen": current}


class PasswordResetForm(Form):
    password = _text("新密码", required=False, max_length=128, password=True, help_text="留空则自动生成一个，只显示一次")


PASSWORD_HINT = "至少{length}个字符，不能全是数字，不能是常见密码，不能与登录名或姓名相似"


def min_password_length() -> int:
    """The shortest password the configured validators accept (MinimumLengthValidator's, else Django's 8)."""
    from django.contrib.auth.password_validation import MinimumLengthValidator, get_default_password_validators

    lengths = [v.min_length for v in get_default_password_validators() if isinstance(v, MinimumLengthValidator)]
    return max(lengths, default=8)


class PasswordChangeForm(Form):
    old_password = _text("原密码", max_length=128, password=True)
    new_password = _text("新密码", max_length=128, password=True)
    new_password_again = _text("再次输入新密码", max_length=128, password=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password"].help_text = PASSWORD_HINT.format(length=min_password_length())
