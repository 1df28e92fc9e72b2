"""Settings of the OCOP system, read only from ``OCOP_*`` environment variables.

Split by concern (base, security, tasks, api, ops) so that no file grows into a junk drawer.
"""

# The order matters (each module builds on those before it; ops reads what the others
# left), so the imports are not sorted.
# ruff: noqa: I001
from .base import *  # noqa: F403
from .security import *  # noqa: F403
from .tasks import *  # noqa: F403
from .api import *  # noqa: F403
from .ops import *  # noqa: F403
