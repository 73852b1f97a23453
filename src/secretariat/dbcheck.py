"""Exit 0 if the database named by DATABASE_URL answers, 1 (with the reason) if not.

`make test-postgres` runs this first so a missing server fails loudly instead of skipping.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secretariat.settings")
    import django
    from django.db import connection

    django.setup()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any driver error means "does not answer"
        print(f"database check failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
