"""What every public page shares: the language from the URL, edge-cache headers, JSON-LD.

Public pages carry no cookie, so the language is chosen by ``?lang=en`` (Vietnamese first)
and the response says which one it is; an edge cache may then keep each URL as it is.
"""

import json
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _


def page_language(request: HttpRequest) -> str:
    """Activate and return the page's language: ``en`` with ``?lang=en``, else ``vi``."""
    language = "en" if request.GET.get("lang") == "en" else "vi"
    translation.activate(language)
    return language


def cacheable(response: HttpResponse, *, seconds: int) -> HttpResponse:
    """Mark a cookie-free public response as cacheable at the edge for ``seconds``."""
    response["Cache-Control"] = f"public, max-age={seconds}"
    response["Content-Language"] = translation.get_language()
    return response


def json_ld(data: dict[str, Any]) -> SafeString:
    """JSON for a ``<script type="application/ld+json">`` element.

    ``<`` is escaped so that a name containing ``</script>`` cannot end the element.
    """
    return mark_safe(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))


class BotTrapForm(forms.Form):
    """A public form with a field people never see (hidden by the template): bots that
    fill every input give themselves away, and their post is answered but not kept."""

    website = forms.CharField(required=False, label=_("Để trống ô này"))

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
