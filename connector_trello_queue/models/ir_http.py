# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import abort

from odoo import models
from odoo.http import Response, request

from ..controllers.webhook import body_refusal


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        """Refuse a webhook body Trello never sends before Odoo parses it.

        Odoo's dispatcher parses a form body (``get_http_params``) before a
        ``type="http"`` controller runs, up to its 128 MiB limit, holding a
        multipart field in memory whole: the controller would come too
        late. This runs once the route is matched and before that, for the
        routes marked ``trello_webhook``, and answers from the headers alone
        (``body_refusal``), whatever the URL's token: the refusal says
        nothing about the backends.
        """
        if rule.endpoint.routing.get("trello_webhook"):
            status = body_refusal(request.httprequest)
            if status:
                request.session.can_save = False  # the route's save_session
                abort(Response(status=status))
        return super()._pre_dispatch(rule, args)
