from django.urls import path

from . import views

app_name = "rectification"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:unit_id>/<int:year>/", views.ledger, name="ledger"),
    path("<int:unit_id>/<int:year>/new/", views.ledger_add, name="ledger_add"),
    path("from-finding/", views.from_finding, name="from_finding"),
    path("item/<int:item_id>/", views.item, name="item"),
    path("item/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("item/<int:item_id>/move/", views.item_move, name="item_move"),
    path("item/<int:item_id>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("item/<int:item_id>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
]
