import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belong.settings")
application = get_wsgi_application()

# gunicorn runs no system checks: refuse to serve a production configuration
# that manage.py check would call an error (belong/core/checks.py).
from belong.core.checks import refuse_unsafe_production  # noqa: E402

refuse_unsafe_production()
