"""Answer builders for real sheets, so that tests score real criteria data.

``answers_at(sheet, quality=1)`` ticks the best option everywhere (100 points); lower
values give lower, still valid, sheets. The demo loader uses the same function.
"""

from ocop.demo.evaluation import answers_at

__all__ = ["answers_at"]
