"""The forms of the 部门整体绩效目标 page: an indicator is typed in the project indicator's form
(goals.forms.IndicatorForm, the plan's 指标体系), each change carrying the version it was shown at."""

from __future__ import annotations

from django import forms

from ..form_errors import Form
from ..goals.forms import IndicatorForm

__all__ = ["GoalProjectsForm", "IndicatorForm", "VersionForm"]


class VersionForm(Form):
    """A button on a record (确认, 删除): the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)


class GoalProjectsForm(Form):
    """The projects a 分项目标 covers, ticked; the plan's version. Which keys exist, the service checks."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)
    projects = forms.MultipleChoiceField(label="覆盖的项目", required=False)

    def __init__(self, *args, keys: list[str] = (), **kwargs):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["projects"].choices = [(k, k) for k in keys]  # type: ignore[attr-defined]
