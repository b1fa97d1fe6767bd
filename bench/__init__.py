"""Benchmark: the quiz against a bare Flask app under gunicorn and wrk (see docs/performance.md)."""
