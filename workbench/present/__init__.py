"""The presentation kit every app uses: the serving context, the page pieces and tables.

Workshop views build on it (``<workshop>.views``); nothing here reads an input file or saves one.
"""
