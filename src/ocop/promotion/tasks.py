"""Background tasks of trade promotion."""

from django.tasks import task

from .domain import check_links


@task()
def task_check_links() -> dict[str, int]:
    """The nightly link check of e-commerce listings (see ``domain.check_links``)."""
    return check_links().as_dict()
