"""Browser tests of the built site (pytest + Playwright driving Debian's chromium).

A package, so its conftest and modules get their own names (``browser.conftest``) and do
not replace ``tests/conftest.py`` as the module ``conftest`` that other tests import from.
"""
