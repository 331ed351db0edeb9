"""The `workbench` command line: new, check, run, serve, password."""
