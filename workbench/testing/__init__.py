"""Helpers for the test suite and the benchmarks (driving Debian's Chromium)."""
