# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The connector's notes on a record's chatter, posted one way.

What the connector did that the user would not otherwise see (a value
overwritten in a conflict, a field or a task Trello refused, a file not
uploaded or not downloaded, an attachment deleted in Trello, a custom
field's value lost to a type change) is said in a note on the record.
"""

import logging

from markupsafe import Markup, escape

_logger = logging.getLogger(__name__)


def post_connector_note(record, text):
    """Post ``text`` on ``record``'s chatter as the connector's note.

    ``text`` is a plain text (escaped into one paragraph), a list of texts
    (one paragraph each) or ``Markup`` (posted as it is). The note is:

    * signed by OdooBot: it is the connector's, not that of the user whose
      click or job runs the synchronization; and OdooBot's notes stay in
      Odoo (the message listener and exporter never send them to Trello
      as comments);
    * an internal note (``mail.mt_note``): no follower is notified;
    * posted without subscribing anyone (``mail_create_nosubscribe``).

    A record without a chatter gets a log line instead. Returns the
    message, or None.
    """
    if isinstance(text, Markup):
        body, plain = text, text.striptags()
    elif isinstance(text, list | tuple):
        body = Markup("").join(Markup("<p>%s</p>") % escape(line) for line in text)
        plain = " ".join(text)
    else:
        body, plain = Markup("<p>%s</p>") % escape(text), text
    if not hasattr(record, "message_post"):
        _logger.info("%s: %s", record, plain)
        return None
    return record.with_context(mail_create_nosubscribe=True).message_post(
        body=body,
        message_type="comment",
        subtype_xmlid="mail.mt_note",
        author_id=record.env.ref("base.partner_root").id,
    )
