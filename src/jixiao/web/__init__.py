"""The web application (Django): pages, workflow, API. Translates between HTTP
and the domain packages; business rules live in core, review and evaluation."""
