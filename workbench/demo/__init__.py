"""The demo engagement (data files in ``engagement/``) and the seeded generators that wrote it."""
