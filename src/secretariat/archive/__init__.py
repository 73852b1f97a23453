"""The public archive: pages, feeds, search and the static export, built only on the apps' queries.

It owns no models and writes nothing; every read goes through a visibility-filtered query.
"""
