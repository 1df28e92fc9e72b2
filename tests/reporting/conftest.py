"""The planning tests' fixed data set (see tests/planning/conftest.py) serves here too."""

from tests.planning.conftest import TODAY, World, world  # noqa: F401
from tests.stamps.conftest import far_trade_item, trade_item  # noqa: F401
