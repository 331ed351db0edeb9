"""Paths, errors, the engagement folder and reading tables: what every workshop builds on."""
