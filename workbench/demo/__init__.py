"""The demo engagement (data files in ``engagement/``) and the seeded generators that wrote it.

The generators draw their fixed cast and texts from the data files in ``catalogues/``.
"""
