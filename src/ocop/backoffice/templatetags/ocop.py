from typing import Any

from django import template

register = template.Library()


@register.filter
def field_value(entry_changes: dict[str, Any], key: str) -> Any:
    return entry_changes.get(key)


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], page: int) -> str:
    query = context.get("query", "")
    return f"?{query}&page={page}" if query else f"?page={page}"


@register.filter
def bs_widget(bound_field: Any) -> str:
    """Render a widget with the Bootstrap class for its kind, and ARIA error state."""
    widget = bound_field.field.widget
    kind = getattr(widget, "input_type", "")
    if kind == "checkbox":
        css = "form-check-input"
    elif kind == "select" or widget.__class__.__name__.endswith("Select"):
        css = "form-select"
    else:
        css = "form-control"
    attrs = {"class": css + (" is-invalid" if bound_field.errors else "")}
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{bound_field.auto_id}_errors"
    elif bound_field.help_text:
        attrs["aria-describedby"] = f"{bound_field.auto_id}_help"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(bound_field: Any) -> bool:
    return getattr(bound_field.field.widget, "input_type", "") == "checkbox"


@register.filter
def split_words(value: str) -> list[str]:
    return value.split()


@register.filter
def get_field(form: Any, name: str) -> Any:
    return form[name]
