"""Webhooks: registration, and the object a webhook's ``idModel`` names."""


class WebhooksMixin:
    def create_webhook(
        self, token, id_model, callback_url, description="", active=True
    ):
        when = self.now()
        hook = {
            "id": self.new_id(when),
            "description": description,
            "idModel": id_model,
            "callbackURL": callback_url,
            "active": active,
            "consecutiveFailures": 0,
            "firstConsecutiveFailDate": None,
            "_token": token,
        }
        self.webhooks[hook["id"]] = hook
        return hook

    def model_for_id(self, object_id):
        """The object a webhook's idModel points to, with its kind."""
        for kind, table in (
            ("board", self.boards),
            ("list", self.lists),
            ("card", self.cards),
            ("member", self.members),
            ("label", self.labels),
            ("checklist", self.checklists),
        ):
            if object_id in table:
                return kind, table[object_id]
        return None, None
