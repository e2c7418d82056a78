"""A table imported in two steps: the file uploaded, checked whole, and — when some rows are bad or a
budget would be passed — carried back by the report's form (base64 in a hidden field) to be imported
once the user confirms. One way for every such import (spending and values, 部门整体 records)."""

from __future__ import annotations

import base64
import binascii

from django import forms

from ..core.errors import JixiaoError
from ..evaluation import errors as e
from ..formats import limits
from .form_errors import Form


class CarriedFileForm(Form):
    """The second step of an import with bad rows: the file checked, carried back."""

    content = forms.CharField(widget=forms.HiddenInput)  # the file's bytes, base64
    file_name = forms.CharField(widget=forms.HiddenInput, max_length=300)
    only_good = forms.BooleanField(required=False, widget=forms.HiddenInput)


def upload_or_carried(request, form_class: type[CarriedFileForm] = CarriedFileForm
                      ) -> tuple[bytes, str, CarriedFileForm | None]:
    """The file of the first step (uploaded; its size checked before it is read), or of the second
    (carried back by the report's form, which is returned with it)."""
    upload = request.FILES.get("file")
    if upload is not None:
        limits.check_upload(upload.name or "", upload.size, table=True)
        return upload.read(), upload.name or "", None
    form = form_class(request.POST)
    if not form.is_valid():
        raise JixiaoError("file", e.NO_FILE)
    try:
        data = base64.b64decode(form.cleaned_data["content"], validate=True)
    except (binascii.Error, ValueError):
        raise JixiaoError("file", e.UNREADABLE_UPLOAD) from None
    return data, form.cleaned_data["file_name"], form
