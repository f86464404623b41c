"""Views of the talent app, split by entity: types (人材像・区分), designations (指定)."""

# issue 10: candidates, calls, nominations, careers, duties (each module's views are routed in urls.py)
from . import calls, candidates, careers, duties, nominations  # noqa: F401
from .designations import (
    designation_create,
    designation_edit,
    designation_end,
    designation_export,
    designation_list,
)
from .types import subrole_create, subrole_edit, type_create, type_edit, type_list

__all__ = [
    "designation_create",
    "designation_edit",
    "designation_end",
    "designation_export",
    "designation_list",
    "subrole_create",
    "subrole_edit",
    "type_create",
    "type_edit",
    "type_list",
]
