# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Members are no longer matched by e-mail, login or name automatically.

The mappings made that way before this version keep working: they count as
made by hand (an admin saw them and kept them), and a rename in Trello no
longer undoes them. The old selection values are gone from the field.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE trello_member
           SET match_method = CASE WHEN user_id IS NULL THEN NULL ELSE 'manual' END
         WHERE match_method IN ('email', 'login', 'name')
        """
    )
