"""URLs of the planning app: levels, policy and structure (urls_policy) and plans (urls_plans)."""

from .urls_plans import urlpatterns as plan_patterns
from .urls_policy import urlpatterns as policy_patterns

app_name = "planning"

urlpatterns = policy_patterns + plan_patterns
