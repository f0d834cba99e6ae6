"""The reference national catalogue API: a real HTTP server for tests, demos and benchmarks.

Not part of the desktop application: it needs the ``server`` extra (FastAPI, uvicorn).
"""
