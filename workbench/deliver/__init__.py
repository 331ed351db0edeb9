"""What a run hands over besides the apps: results.xlsx and code-free HTML."""
