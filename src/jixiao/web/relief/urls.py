from django.urls import path

from . import views

app_name = "relief"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/import/", views.register_import, name="register_import"),
    path("imports/confirm/", views.import_confirm, name="import_confirm"),
    path("register/new/", views.person_create, name="person_create"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/move/", views.person_move, name="person_move"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/approve/", views.round_approve, name="round_approve"),
    path("rounds/<int:round_id>/delete/", views.round_delete, name="round_delete"),
    path("rounds/<int:round_id>/bank.xlsx", views.round_bank_list, name="round_bank_list"),
    path("rounds/<int:round_id>/payments/", views.round_payments, name="round_payments"),
    path("rounds/<int:round_id>/payments/confirm/", views.round_payments_confirm, name="round_payments_confirm"),
    path("payments/<int:payment_id>/reverse/", views.payment_reverse, name="payment_reverse"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("workers/", views.workers, name="workers"),
    path("workers/import/", views.workers_import, name="workers_import"),
    path("workers/<int:worker_id>/check/", views.worker_check, name="worker_check"),
    path("standards/", views.standards, name="standards"),
    path("surveys/", views.surveys, name="surveys"),
    path("surveys/<int:survey_id>/answers/", views.survey_answers, name="survey_answers"),
    path("actuals/<int:indicator_id>/", views.actual, name="actual"),
    path("actuals/<int:indicator_id>/bind/", views.bind, name="bind"),
]
