"""Reusable reads of criteria versions and sheet revisions."""

from .models import SheetRevision


def current_revision(*, criteria: str, set_number: int) -> SheetRevision:
    """The revision new scoring must use for a product set: its latest one.

    Raises ``SheetRevision.DoesNotExist`` when the criteria were never loaded
    (``ocop load_criteria``). Existing scores keep pointing at the revision they used.
    """
    return (
        SheetRevision.objects.select_related("product_set__version")
        .filter(product_set__version__code=criteria, product_set__number=set_number)
        .latest("number")
    )
