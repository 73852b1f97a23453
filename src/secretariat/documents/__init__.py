"""Documents generated from the record: pure renderers from plain data (content.py) to bytes."""
