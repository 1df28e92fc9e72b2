from pathlib import PurePosixPath

from django import template

register = template.Library()


@register.filter
def photo_key(name: str) -> str:
    """The random part of a stored photo name (see ``public.thumbs``)."""
    return PurePosixPath(name or "").stem
