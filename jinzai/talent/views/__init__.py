"""Views of the talent app, split by entity: types (人材像・区分), designations (指定), imports."""

from .designations import (
    designation_create,
    designation_edit,
    designation_end,
    designation_export,
    designation_list,
)
from .imports import (
    designation_import,
    designation_import_commit,
    designation_import_discard,
    designation_import_preview,
)
from .types import subrole_create, subrole_edit, type_create, type_edit, type_list

__all__ = [
    "designation_create",
    "designation_edit",
    "designation_end",
    "designation_export",
    "designation_import",
    "designation_import_commit",
    "designation_import_discard",
    "designation_import_preview",
    "designation_list",
    "subrole_create",
    "subrole_edit",
    "type_create",
    "type_edit",
    "type_list",
]
