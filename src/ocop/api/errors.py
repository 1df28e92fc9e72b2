"""One JSON shape for every error, with a machine-readable code and the message in
Vietnamese (the source language) and English::

    {"error": {"code": "validation_error", "message": "…", "message_en": "…",
               "fields": {"name": [{"code": "required", "message": "…", "message_en": "…"}]}}}

``fields`` is present only on validation errors. Domain functions raise Django's
``ValidationError`` and ``PermissionDenied``; they are mapped here, so views never
translate errors themselves.
"""

import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

logger = logging.getLogger("ocop.api")

NON_FIELD = "non_field_errors"
VALIDATION_MESSAGE = _("Dữ liệu gửi lên không hợp lệ.")
THROTTLED_MESSAGE = _("Vượt quá giới hạn số yêu cầu; hãy thử lại sau %(wait)s giây.")
SERVER_ERROR_MESSAGE = _("Lỗi máy chủ; lỗi đã được ghi lại.")
NOT_FOUND_MESSAGE = _("Không tìm thấy.")


# Vietnamese for DRF's own messages, which its catalogue (and Django's) lacks in part; the
# English stays DRF's own. Used only when no Vietnamese translation exists. Field codes
# whose DRF message carries values ("{max_length}") get a message without them.
VI_FALLBACK = {
    "not_authenticated": _(
        "Chưa có thông tin xác thực: hãy gửi mã truy cập (Authorization: Bearer …) hoặc đăng nhập."
    ),
    "authentication_failed": _("Thông tin xác thực không đúng."),
    "permission_denied": _("Bạn không có quyền thực hiện thao tác này."),
    "not_found": _("Không tìm thấy."),
    "method_not_allowed": _("Phương thức HTTP này không được hỗ trợ ở đây."),
    "not_acceptable": _("Không có định dạng trả lời phù hợp với tiêu đề Accept."),
    "unsupported_media_type": _("Kiểu nội dung không được hỗ trợ; hãy gửi application/json."),
    "parse_error": _("Không đọc được nội dung JSON của yêu cầu."),
    "required": _("Trường này là bắt buộc."),
    "null": _("Trường này không được để trống (null)."),
    "blank": _("Trường này không được để trắng."),
    "invalid": _("Giá trị không hợp lệ."),
    "invalid_choice": _("Giá trị không nằm trong danh sách cho phép."),
    "does_not_exist": _("Không tìm thấy đối tượng được tham chiếu."),
    "incorrect_type": _("Sai kiểu dữ liệu."),
    "not_a_dict": _("Cần một đối tượng JSON."),
    "not_a_list": _("Cần một danh sách."),
    "empty": _("Danh sách không được rỗng."),
    "max_length": _("Vượt quá độ dài tối đa."),
    "min_length": _("Chưa đủ độ dài tối thiểu."),
    "max_value": _("Giá trị lớn hơn mức cho phép."),
    "min_value": _("Giá trị nhỏ hơn mức cho phép."),
    "max_digits": _("Số có quá nhiều chữ số."),
    "max_decimal_places": _("Số có quá nhiều chữ số thập phân."),
    "max_whole_digits": _("Phần nguyên có quá nhiều chữ số."),
    "max_string_length": _("Giá trị quá dài."),
    "surrogate_characters_not_allowed": _("Có ký tự không hợp lệ."),
    "null_characters_not_allowed": _("Có ký tự NUL không hợp lệ."),
}


def vietnamese(code: str, vi: str, en: str) -> str:
    """``vi``, unless it is still DRF's English (no translation: the same text in both, and
    plain ASCII, which no Vietnamese sentence is): then the fallback for its code."""
    if vi == en and vi.isascii() and code in VI_FALLBACK:
        with override("vi"):
            return str(VI_FALLBACK[code])
    return vi


def in_both(text: Any) -> tuple[str, str]:
    """(Vietnamese, English) of a lazy string, or of a string already rendered in
    Vietnamese (looked up in the catalogue; unchanged when it has no entry, e.g. a
    message with values filled in)."""
    with override("vi"):
        vi = str(text)
    with override("en"):
        en = str(text) if not isinstance(text, str) else gettext(text)
    return vi, en


class BilingualValidationError(exceptions.ValidationError):
    """A serializer's errors rendered in both languages (see ``views.validated``)."""

    def __init__(self, *, vi: Any, en: Any) -> None:
        super().__init__(vi)
        self.vi = vi
        self.en = en


def _item(code: str, vi: str, en: str) -> dict[str, str]:
    return {"code": code, "message": vi, "message_en": en}


def _flatten(vi: Any, en: Any, prefix: str, out: dict[str, list[dict[str, str]]]) -> None:
    """DRF's nested error details as ``{"a.b": [item, …]}``, pairing each Vietnamese
    message with its English twin (same structure, rendered under ``override("en")``)."""
    if isinstance(vi, Mapping):
        for key, value in vi.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            twin = en.get(key) if isinstance(en, Mapping) else None
            _flatten(value, twin, name, out)
    elif isinstance(vi, list | tuple):
        twins = list(en) if isinstance(en, list | tuple) else []
        for index, value in enumerate(vi):
            twin = twins[index] if index < len(twins) else None
            if isinstance(value, Mapping | list | tuple):
                _flatten(value, twin, f"{prefix}.{index}" if prefix else str(index), out)
            else:
                _flatten(value, twin, prefix, out)
    else:
        code = str(getattr(vi, "code", None) or "invalid")
        en_text = str(twin_or(en, vi))
        vi_text = vietnamese(code, str(vi), en_text)
        out.setdefault(prefix or NON_FIELD, []).append(_item(code, vi_text, en_text))


def twin_or(en: Any, vi: Any) -> Any:
    if en is not None and not isinstance(en, Mapping | list | tuple):
        return en
    return in_both(str(vi))[1]


def _body(
    *, code: str, message: tuple[str, str], fields: dict[str, Any] | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message[0], "message_en": message[1]}
    if fields is not None:
        error["fields"] = fields
    return {"error": error}


def _validation_fields(exc: exceptions.ValidationError) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    if isinstance(exc, BilingualValidationError):
        _flatten(exc.vi, exc.en, "", out)
    else:
        _flatten(exc.detail, None, "", out)
    return out


def _from_django_validation(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A domain function's ValidationError as DRF details (field → messages)."""
    if hasattr(exc, "error_dict"):
        detail: Any = {
            (NON_FIELD if key == "__all__" else key): [
                exceptions.ErrorDetail(str(m), code=e.code or "invalid")
                for e in errors
                for m in e.messages
            ]
            for key, errors in exc.error_dict.items()
        }
    else:
        detail = {
            NON_FIELD: [
                exceptions.ErrorDetail(str(m), code=e.code or "invalid")
                for e in exc.error_list
                for m in e.messages
            ]
        }
    error = exceptions.ValidationError()
    error.detail = detail
    return error


def _message_of(exc: exceptions.APIException, code: str) -> tuple[str, str]:
    detail = exc.detail
    vi_default, en_default = in_both(exc.default_detail)
    if isinstance(detail, list | dict) or str(detail) in {vi_default, en_default}:
        return vietnamese(code, vi_default, en_default), en_default
    # A message of ours (a Vietnamese source string), or DRF's with values filled in.
    vi, en = in_both(str(detail))
    return vietnamese(code, vi, en), en


def exception_handler(exc: Exception, context: Mapping[str, Any]) -> Response:
    if isinstance(exc, DjangoValidationError):
        exc = _from_django_validation(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args[:1])
    if not isinstance(exc, exceptions.APIException):
        logger.exception("API error", exc_info=exc)
        set_rollback()
        return Response(
            _body(code="server_error", message=in_both(SERVER_ERROR_MESSAGE)),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 0)
        headers["Retry-After"] = str(wait)
        with override("vi"):
            vi = str(THROTTLED_MESSAGE) % {"wait": wait}
        with override("en"):
            en = str(THROTTLED_MESSAGE) % {"wait": wait}
        body = _body(code="throttled", message=(vi, en))
    elif isinstance(exc, exceptions.ValidationError):
        body = _body(
            code="validation_error",
            message=in_both(VALIDATION_MESSAGE),
            fields=_validation_fields(exc),
        )
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        body = _body(code=str(code), message=_message_of(exc, str(code)))
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)


@csrf_exempt  # a POST to an unknown path is a 404 in our shape, not a CSRF page
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Unknown paths under /api/ answer in the same shape, not with an HTML page."""
    return JsonResponse(_body(code="not_found", message=in_both(NOT_FOUND_MESSAGE)), status=404)
