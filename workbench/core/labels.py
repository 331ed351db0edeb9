"""Labels every workshop shares, defined once."""

# The filter choice that keeps everything, and the segment label of a whole population.
ALL = "All"

# Notebook cells for the consultant only: they run, but no client app or export shows them.
CONSULTANT_TAG = "skip-voila"
