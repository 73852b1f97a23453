"""Settings of the benchmark's server: the site's own settings plus the ceiling views.

Served by gunicorn as `secretariat.wsgi` with DJANGO_SETTINGS_MODULE=bench.settings, so the
ceilings run in the same workers, behind the same middleware, as the pages they are compared with.
"""

from secretariat.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# One client address sends every request: keep the limiter's work, not its refusals.
API_RATE_LIMIT_ANONYMOUS = 10**9
API_RATE_LIMIT_AUTHENTICATED = 10**9
