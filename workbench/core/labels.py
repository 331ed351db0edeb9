"""Labels every workshop shares, defined once."""

# The filter choice that keeps everything, and the segment label of a whole population.
ALL = "All"
