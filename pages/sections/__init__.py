"""The sections of every page, a package per page and a module per section.

A page script (``pages/<page>.py``) reads top to bottom: its title, the picture picker, then one
``draw`` call per section in the order the visitor sees them. Each section's words, widgets and
drawing live in ``pages/sections/<page>/<section>.py``; the page's settings (what its links may
carry) in ``pages/sections/<page>/settings.py``.
"""
