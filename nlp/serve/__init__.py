"""The HTTP API (FastAPI): the same library functions the CLI uses, behind validated, bounded requests."""
