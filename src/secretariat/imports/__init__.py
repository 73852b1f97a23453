"""Importers: one pure parser per document format, an ImportResult, and one apply step."""
