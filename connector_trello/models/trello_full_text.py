# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class TrelloFullText(models.Model):
    """A text Trello holds shortened, attached whole to its card.

    Over Trello's limit a text is shortened with a visible marker
    (``tools.fit_text``) and kept whole in Odoo; the export also uploads it
    whole, as a Markdown file, to the card (``trello.full.text.exporter``).
    One row per text: the binding that holds it and its Trello key
    (``desc``, ``name``, ``text``), the Trello attachment that holds it now
    and a digest of what it holds, so that an export uploads it again only
    when the text changed (and deletes the file it replaces). The
    attachment importer skips these files: they are no Odoo attachment.
    """

    _name = "trello.full.text"
    _description = "Trello Full Text File"

    backend_id = fields.Many2one(
        "trello.backend", required=True, ondelete="cascade", index=True
    )
    card_binding_id = fields.Many2one(
        "trello.project.task",
        string="Card",
        required=True,
        ondelete="cascade",
        index=True,
    )
    res_model = fields.Char(string="Binding Model", required=True)
    res_id = fields.Integer(string="Binding", required=True)
    trello_key = fields.Char(string="Trello Field", required=True)
    external_id = fields.Char(string="Trello Attachment ID", index=True, copy=False)
    name = fields.Char(string="File Name")
    digest = fields.Char(help="SHA-256 of the text the file holds.")
    sync_date = fields.Datetime()

    _sql_constraints = [
        (
            "text_uniq",
            "unique(backend_id, res_model, res_id, trello_key)",
            "A text has one file.",
        ),
        (
            "trello_uniq",
            "unique(backend_id, external_id)",
            "A Trello attachment holds one text.",
        ),
    ]
