"""Answer builders for real sheets, so that tests score real criteria data."""

from ocop.criteria.sheets import Sheet


def answers_at(sheet: Sheet, *, quality: float) -> dict[str, int]:
    """For every criterion, the option whose points are closest to ``quality`` × its maximum.

    ``quality=1`` ticks the best option everywhere (100 points); lower values give lower,
    still valid, sheets.
    """
    answers: dict[str, int] = {}
    for part in sheet.parts:
        for group in part.groups:
            for criterion in group.criteria:
                target = quality * criterion.max
                best = min(criterion.options, key=lambda o: (abs(o.points - target), -o.points))
                answers[criterion.code] = best.number
    return answers
