"""The JSON API under /api/v1/ (django-ninja) and the personal API tokens that open it."""
