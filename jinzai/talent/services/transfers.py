"""The write step of the draft transfer list (talent.importing.transfers.TransferImporter): the people app
appends the assignment history and the concurrent posts (people.services.transfers_apply), inside the
import commit's transaction, so a list is applied all or nothing."""

from __future__ import annotations

from typing import Any


def transfer_import_apply(*, actor: Any, plan: Any) -> dict:
    from jinzai.people.services import transfers_apply

    moves = [row.data for row in plan.rows_of("transfer", "concurrent")]
    changed = transfers_apply(actor=actor, organisation=plan.organisation, moves=moves)
    return {"people": changed}
