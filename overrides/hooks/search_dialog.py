"""Gives Material's search dialog an accessible name.

Material's header search is ``<div class="md-search" ... role="dialog">`` with no name, so
a screen reader announces "dialog" alone, axe reports ``aria-dialog-name`` and
Lighthouse's accessibility score drops to 96-97 on every page. Its partial
(partials/search.html) has no block to extend, and copying it would fork the theme, so
this hook adds ``aria-label`` to that one element in every finished page, the 404 page
included, and fails the build if Material changes the markup it looks for.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search this site">'


def name_dialog(html: str, where: str) -> str:
    if html.count(DIALOG) != 1:
        raise PluginError(
            f"search_dialog: {where} has {html.count(DIALOG)} of Material's search dialogs as "
            f"expected ({DIALOG}): has Material changed it? See overrides/hooks/search_dialog.py."
        )
    return html.replace(DIALOG, NAMED)


def on_post_page(output, page, config):
    return name_dialog(output, page.file.src_uri)


def on_post_template(output, template_name, config):
    # Material's 404.html is a static template, rendered outside on_post_page.
    return name_dialog(output, template_name) if template_name.endswith(".html") else output
