"""Pages for 管理员 (units, users, roles, passwords), the own-password page for everyone, and the
page that tells a user without a unit what to do next. They only translate between HTTP and the
services and selectors."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ..history import selectors as history
from ..history.services import ACTIONS
from . import selectors, services
from .errors import AccountsError
from .forms import (
    MembershipForm,
    PasswordChangeForm,
    PasswordResetForm,
    ReviewAreaForm,
    UnitForm,
    UserCreateForm,
    UserEditForm,
    add_errors,
)
from .roles import FINANCE, lacks_unit, roles_of


def admin_page(view):
    """Logged in (else the login page) and 管理员 (else the 403 page, in Chinese)."""
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        services.require_admin(request.user)
        return view(request, *args, **kwargs)
    return wrapped


# ---------------------------------------------------------------- everyone

@login_required
@require_GET
def start(request):
    """Where a login lands: the plans, or what to do next for a user who cannot do anything yet."""
    return redirect("accounts:no_unit" if lacks_unit(request.user) else "goals:plan_list")


@login_required
@require_GET
def no_unit(request):
    roles = sorted(roles_of(request.user))
    return render(request, "accounts/no_unit.html", {"roles": roles, "admins": selectors.admins(),
                                                     "lacks_unit": lacks_unit(request.user)})


@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(user=request.user, **form.cleaned_data)
        except AccountsError as exc:
            add_errors(form, exc)
        else:
            update_session_auth_hash(request, request.user)  # stay logged in here, other sessions end
            messages.success(request, "密码已修改，下次登录请使用新密码")
            return redirect("accounts:password_change")
    return render(request, "accounts/password_change.html", {"form": form})


# ---------------------------------------------------------------- units

@admin_page
@require_GET
def unit_list(request):
    q = request.GET.get("q", "").strip()
    return render(request, "accounts/unit_list.html", {"units": selectors.unit_list(user=request.user, q=q), "q": q})


@admin_page
def unit_create(request):
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(**form.fields_to_save(), acting_user=request.user)
        except AccountsError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已建立单位“{unit.code} {unit.name}”，请为它添加用户")
            return redirect("accounts:unit_detail", unit.pk)
    return render(request, "accounts/unit_form.html", {"form": form})


@admin_page
def unit_detail(request, unit_id: int):
    unit = selectors.unit_get(user=request.user, unit_id=unit_id)
    form = UnitForm(request.POST or None, initial=UnitForm.initial_for(unit))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(unit=unit, **form.fields_to_save(), seen=form.seen(), acting_user=request.user)
        except AccountsError as exc:
            add_errors(form, exc)
            status = 409 if exc.code == "stale" else 200  # another's change since the page was shown
        else:
            messages.success(request, "已保存")
            return redirect("accounts:unit_detail", unit.pk)
    return render(request, "accounts/unit_detail.html", {
        "unit": unit, "form": form, "members": selectors.unit_members(user=request.user, unit=unit),
        "history": history.history_list(unit, limit=history.limit_of(request)), "actions": ACTIONS}, status=status)


# ---------------------------------------------------------------- users

def _show_password(request, target, password: str | None, title: str, intro: str):
    """After the POST, a redirect to a page that shows the password once: reloading that page does
    not reset the password again, and the password is never in an address or a cookie."""
    request.session["shown_password"] = {"user": target.pk, "password": password, "given": password is None,
                                         "title": title, "intro": intro}
    return redirect("accounts:password_shown", target.pk)


@admin_page
def password_shown(request, user_id: int):
    target = selectors.user_get(user=request.user, user_id=user_id)
    shown = request.session.pop("shown_password", None)
    if not shown or shown["user"] != target.pk:
        shown = {"password": None, "title": "密码只显示一次", "intro": "这个密码已经显示过，不再显示；如果没有记下，请重新重置密码。"}
    # Only the page's keys: the session's "user" (a pk) would hide the logged-in user from the nav.
    return render(request, "accounts/password_shown.html", {
        "target": target, **{k: shown.get(k) for k in ("password", "given", "title", "intro")}})


def _choices(request) -> dict:
    return {"roles": selectors.role_names(), "units": list(selectors.unit_list(user=request.user))}


@admin_page
@require_GET
def user_list(request):
    q = request.GET.get("q", "").strip()
    active = {"1": True, "0": False}.get(request.GET.get("active", ""))
    areas = selectors.review_areas(user=request.user)
    users = [{"user": u, "memberships": selectors.memberships_of(u), "area": areas.get(u.pk, "")}
             for u in selectors.user_list(user=request.user, q=q, active=active)]
    return render(request, "accounts/user_list.html", {"users": users, "q": q, "active": request.GET.get("active", "")})


@admin_page
def user_create(request):
    form = UserCreateForm(request.POST or None, initial={"unit": request.GET.get("unit", "")}, **_choices(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = selectors.unit_by_code(user=request.user, code=data["unit"]) if data["unit"] else None
            if unit is not None and not data["role"]:
                message = "已选择单位，请同时选择该用户在单位中的角色"
                raise AccountsError("role", message, {"role": message})
            user, generated = services.user_create_with_roles(
                login=data["login"], name=data["name"], password=data["password"] or None,
                memberships=[(data["role"], unit)] if data["role"] else [], acting_user=request.user)
        except AccountsError as exc:
            add_errors(form, exc)
        else:
            return _show_password(request, user, generated, "用户已建立",
                                  f"已建立用户“{user.username}”（{user.first_name}）。")
    return render(request, "accounts/user_form.html", {"form": form})


def _area_part(request, target, memberships: list[dict], area=None) -> dict:
    """A 财政审核's area on their page: what it is, how many units it holds, and the form that sets it."""
    if area is None and not any(m["role"] == FINANCE and m["unit"] is None for m in memberships):
        return {}
    current = selectors.review_area_of(target)
    bureaus = selectors.finance_bureaus(user=request.user)
    return {"area": current, "area_units": dict(bureaus).get(current, 0) if current else None,
            "area_form": area or ReviewAreaForm(initial=ReviewAreaForm.initial_for(current), bureaus=bureaus,
                                                current=current)}


def _user_page(request, target, *, edit=None, membership=None, reset=None, area=None, status: int = 200):
    choices = _choices(request)
    memberships = selectors.memberships_of(target)
    return render(request, "accounts/user_detail.html", {
        **_area_part(request, target, memberships, area),
        "target": target, "memberships": memberships, "locked_until": selectors.lock_of(target),
        "edit_form": edit or UserEditForm(initial=UserEditForm.initial_for(target)),
        "membership_form": membership or MembershipForm(**choices),
        "reset_form": reset or PasswordResetForm(), "actions": ACTIONS,
        "history": history.history_list(target, limit=history.limit_of(request)),
        "is_self": target.pk == request.user.pk}, status=status)


@admin_page
def user_detail(request, user_id: int):
    target = selectors.user_get(user=request.user, user_id=user_id)
    if request.method != "POST":
        return _user_page(request, target)
    form = UserEditForm(request.POST)
    if form.is_valid():
        try:
            services.user_update(user=target, name=form.cleaned_data["name"], is_active=form.cleaned_data["is_active"],
                                 seen=form.seen(), acting_user=request.user)
        except AccountsError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("accounts:user_detail", target.pk)
    return _user_page(request, target, edit=form, status=400)


@admin_page
@require_POST
def membership_add(request, user_id: int):
    target = selectors.user_get(user=request.user, user_id=user_id)
    form = MembershipForm(request.POST, **_choices(request))
    if form.is_valid():
        try:
            unit = selectors.unit_by_code(user=request.user, code=form.cleaned_data["unit"]) \
                if form.cleaned_data["unit"] else None
            created = services.membership_set(user=target, role=form.cleaned_data["role"], unit=unit,
                                              acting_user=request.user)
        except AccountsError as exc:
            add_errors(form, exc)
        else:
            where = f"（{unit.code} {unit.name}）" if unit else ""
            messages.success(request, f"已授予角色“{form.cleaned_data['role']}”{where}" if created
                             else "该用户已有这个角色，未作改动")
            return redirect("accounts:user_detail", target.pk)
    return _user_page(request, target, membership=form, status=400)


@admin_page
@require_POST
def membership_remove(request, user_id: int):
    target = selectors.user_get(user=request.user, user_id=user_id)
    code = request.POST.get("unit", "").strip()
    unit = selectors.unit_by_code(user=request.user, code=code) if code else None
    services.membership_remove(user=target, role=request.POST.get("role", ""), unit=unit, acting_user=request.user)
    messages.success(request, f"已撤销角色“{request.POST.get('role', '')}”")
    return redirect("accounts:user_detail", target.pk)


@admin_page
@require_POST
def review_area_set(request, user_id: int):
    """A 财政审核's area, set or cleared by a 管理员 (the same service as `jixiao users set-area`); a stale page is
    a 409 and changes nothing."""
    target = selectors.user_get(user=request.user, user_id=user_id)
    current = selectors.review_area_of(target)
    form = ReviewAreaForm(request.POST, bureaus=selectors.finance_bureaus(user=request.user), current=current)
    status = 400
    if form.is_valid():
        bureau = form.cleaned_data["finance_bureau"]
        try:
            units = services.review_area_set(user=target, finance_bureau=bureau, seen=form.cleaned_data["seen"],
                                             acting_user=request.user)
        except AccountsError as exc:
            add_errors(form, exc)
            status = 409 if exc.code == "stale" else 400
        else:
            messages.success(request, f"已将“{target.username}”的财政审核范围设为{bureau or '全部单位'}（{units}个单位）")
            return redirect("accounts:user_detail", target.pk)
    return _user_page(request, target, area=form, status=status)


@admin_page
@require_POST
def password_reset(request, user_id: int):
    target = selectors.user_get(user=request.user, user_id=user_id)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            password = services.password_reset(user=target, password=form.cleaned_data["password"] or None,
                                               acting_user=request.user)
        except AccountsError as exc:
            add_errors(form, exc)
        else:
            generated = password if not form.cleaned_data["password"] else None
            return _show_password(request, target, generated, "密码已重置",
                                  f"已重置用户“{target.username}”（{target.first_name}）的密码，登录锁定（如有）已解除。")
    return _user_page(request, target, reset=form, status=400)


@admin_page
@require_POST
def user_unlock(request, user_id: int):
    target = selectors.user_get(user=request.user, user_id=user_id)
    services.user_unlock(user=target, acting_user=request.user)
    messages.success(request, f"已解除“{target.username}”的登录锁定")
    return redirect("accounts:user_detail", target.pk)


@admin_page
@require_GET
def security_log(request):
    """安全日志: logins, failed logins, API tokens issued and revoked, downloads of personal data."""
    from ..history.services import SECURITY_ACTIONS

    action = request.GET.get("action", "")
    return render(request, "accounts/security_log.html", {
        "history": history.security_log(action=action), "kinds": SECURITY_ACTIONS, "action": action})
