"""Sign-in (password, then the two-factor code when enrolled), password reset with rate
limits, and the person's security page (two-factor enrolment, recovery codes, disable)."""

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ocop.core.ratelimit import RateLimited, enforce, exceeded, hit, parse

from . import twofactor
from .forms import CodeForm, LoginForm
from .models import TwoFactor, User

# The password was right; the code is still to come (kept in the session, not signed in).
PENDING = "ocop_2fa_pending"
PENDING_SECONDS = 300
# The forced-enrolment check passed for this user in this session (middleware).
CHECKED = "ocop_2fa_checked"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Only failures count: an office behind one NAT address signs in many people at 8:00.
        if exceeded(request=request, name="login"):
            raise RateLimited("login", parse(settings.RATE_LIMITS["login"])[1])
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        hit(request=self.request, name="login")
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        self.request.session.pop(CHECKED, None)
        if twofactor.active_for(user) is not None:
            self.request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "at": int(time.time()),
                "next": self.get_success_url(),
            }
            return redirect("accounts:login_code")
        return super().form_valid(form)


@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    pending: dict[str, Any] = request.session.get(PENDING) or {}
    user = None
    if pending and time.time() - pending["at"] <= PENDING_SECONDS:
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        messages.error(request, _("Phiên đăng nhập đã hết hạn; vui lòng nhập lại mật khẩu."))
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        # Per account: a code has 10^6 values, and only a few tries are allowed.
        enforce(request=request, name="login_otp", subject=f"user:{user.pk}")
        if form.is_valid():
            if twofactor.verify(user=user, code=form.cleaned_data["code"]):
                del request.session[PENDING]
                login(request, user, backend=pending["backend"])
                return redirect(pending["next"])
            form.add_error("code", _("Mã xác thực không đúng hoặc đã hết hạn."))
    return render(request, "accounts/login_code.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        enforce(request=request, name="password_reset")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        # Counted for every address asked for, known or not, so the limit reveals nothing.
        enforce(
            request=self.request, name="password_reset_email", subject=form.cleaned_data["email"]
        )
        return super().form_valid(form)


def _security_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user: Any = request.user  # signed in (login_required)
    record = TwoFactor.objects.filter(user=user).first()
    context: dict[str, Any] = {
        "two_factor": record,
        "required": twofactor.is_required(user),
        "codes_left": user.recovery_codes.filter(used_at__isnull=True).count(),
        "code_form": CodeForm(),
        "renew_form": CodeForm(auto_id="renew_%s"),
        "disable_form": CodeForm(auto_id="off_%s"),
    }
    if record is not None and not record.is_active:
        secret = twofactor.decrypt(record.secret_encrypted)
        uri = twofactor.provisioning_uri(user, secret)
        context.update(
            secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            qr=twofactor.qr_data_uri(uri),
        )
    context.update(extra)
    return context


@never_cache
@login_required
def security(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/security.html", _security_context(request))


@never_cache
@login_required
@require_POST
def two_factor_start(request: HttpRequest) -> HttpResponse:
    try:
        twofactor.start_enrolment(user=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accounts:security")


def _code_action(
    request: HttpRequest, action: Any, success: str, *, form_name: str, auto_id: str
) -> HttpResponse:
    form = CodeForm(request.POST, auto_id=auto_id)
    if form.is_valid():
        enforce(request=request, name="login_otp", subject=f"user:{request.user.pk}")
        try:
            result = action(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            request.session[CHECKED] = None  # the middleware checks again
            messages.success(request, success)
            if result:  # new recovery codes: shown on this response only
                return render(
                    request, "accounts/security.html", _security_context(request, new_codes=result)
                )
            return redirect("accounts:security")
    return render(
        request,
        "accounts/security.html",
        _security_context(request, **{form_name: form}),
        status=400,
    )


@never_cache
@login_required
@require_POST
def two_factor_confirm(request: HttpRequest) -> HttpResponse:
    return _code_action(
        request,
        twofactor.confirm_enrolment,
        _("Đã bật xác thực hai bước. Hãy lưu các mã khôi phục."),
        form_name="code_form",
        auto_id="id_%s",
    )


@never_cache
@login_required
@require_POST
def two_factor_codes(request: HttpRequest) -> HttpResponse:
    return _code_action(
        request,
        twofactor.regenerate_recovery_codes,
        _("Đã tạo mã khôi phục mới; các mã cũ hết hiệu lực."),
        form_name="renew_form",
        auto_id="renew_%s",
    )


@never_cache
@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    return _code_action(
        request,
        twofactor.disable,
        _("Đã tắt xác thực hai bước."),
        form_name="disable_form",
        auto_id="off_%s",
    )


def enrolment_required(user: Any) -> bool:
    """Whether the person must enrol before using the back office."""
    return (
        bool(settings.REQUIRE_2FA_ROLES)
        and twofactor.active_for(user) is None
        and (twofactor.is_required(user))
    )
