"""The client portal: a branded, offline Voila server for the apps of one run."""
