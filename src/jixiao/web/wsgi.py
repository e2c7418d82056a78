import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
application = get_wsgi_application()

from .goals.checks import rulesets_check  # noqa: E402 - after Django is set up

rulesets_check()  # gunicorn started by hand refuses a broken rule set file at start-up, naming it
