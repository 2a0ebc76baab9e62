# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import BaseCase, tagged

from ..tools import html_to_markdown, markdown_to_html, same_html

#: Trello Markdown as people write it, and what each must keep in HTML.
CORPUS = {
    "headings": ("# Title\n\n## Part\n\ntext", ["<h1>Title</h1>", "<h2>Part</h2>"]),
    "nested lists": (
        "- one\n    - nested\n        - deeper\n- two\n\n1. first\n    1. sub",
        ["<li>one<ul>", "<li>deeper</li>", "<ol>"],
    ),
    "links": (
        "See [the docs](https://example.com/a_b?x=1) now",
        ['href="https://example.com/a_b?x=1"', ">the docs</a>"],
    ),
    "bold and italic": (
        "**bold** and *italic*",
        ["<strong>bold</strong>", "<em>italic</em>"],
    ),
    "code": (
        "Use `x = 1` inline\n\n```\ndef f():\n    return 1\n```",
        ["<code>x = 1</code>", "<pre><code>def f():\n    return 1"],
    ),
    "quote": ("> quoted text", ["<blockquote", "quoted text"]),
    # Trello shows a table as text; the cells are what is kept.
    "table": ("| a | b |\n| --- | --- |\n| 1 | 2 |", ["<table>", "<td>1</td>"]),
    "unicode and emoji": ("Größe — café 日本語 😀🚀", ["Größe — café 日本語 😀🚀"]),
    "snake case": ("call snake_case_name now", ["snake_case_name"]),
}


@tagged("post_install", "-at_install")
class TestMarkdownRoundTrip(BaseCase):
    """Trello Markdown -> Odoo HTML -> Markdown is stable after one trip."""

    def test_corpus_is_stable_after_one_round_trip(self):
        for name, (markdown, kept) in CORPUS.items():
            with self.subTest(name):
                html = markdown_to_html(markdown)
                for fragment in kept:
                    self.assertIn(fragment, html)
                first = html_to_markdown(html)
                html_again = markdown_to_html(first)
                self.assertTrue(same_html(html, html_again), (html, html_again))
                self.assertEqual(html_to_markdown(html_again), first)

    def test_empty_description_is_empty_markdown(self):
        self.assertEqual(html_to_markdown(False), "")
        self.assertEqual(html_to_markdown("<p><br></p>"), "")
