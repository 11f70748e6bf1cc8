"""The ``framing`` command line: a thin layer that parses options and calls library functions."""
