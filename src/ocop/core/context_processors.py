from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {"OCOP_PUBLIC_BASE_URL": settings.PUBLIC_BASE_URL, "OCOP_DEBUG": settings.DEBUG}
