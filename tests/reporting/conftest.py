"""The planning tests' fixed data set (see tests/planning/conftest.py) serves here too."""

from tests.planning.conftest import TODAY, World, world  # noqa: F401
