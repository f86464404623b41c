"""Writes of the skills app, one module per entity group. Every write is audited."""

from .campaigns import (  # noqa: F401
    EditConflict,
    campaign_close,
    campaign_create,
    campaign_update,
    sheet_review,
    sheet_save,
)
from .criteria import criterion_create, criterion_delete, criterion_update  # noqa: F401
from .frameworks import (  # noqa: F401
    category_create,
    category_update,
    framework_create,
    framework_update,
    item_create,
    item_update,
    profile_update,
)
from .knowledge import (  # noqa: F401
    attempt_start,
    attempt_submit,
    knowledge_test_create,
    knowledge_test_update,
    question_category_create,
    question_create,
    question_update,
)
