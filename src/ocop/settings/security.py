"""Authentication, sessions, lockout, two-factor, rate limits, headers and
Content-Security-Policy (docs/security.md)."""

from urllib.parse import urlsplit

from django.utils.csp import CSP

from .base import DEBUG, MAP_TILES_URL, MIDDLEWARE, RATE_LIMITS
from .env import env_bool, env_int, env_list, env_str

AUTHENTICATION_BACKENDS = [
    # AxesBackend must come first so that a locked-out login never reaches the others.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "ocop.accounts.backends.UsernameOrEmailBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("OCOP_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after a working day of inactivity, and at the browser's close.
SESSION_COOKIE_AGE = env_int("OCOP_SESSION_SECONDS", 8 * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = env_int("OCOP_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("OCOP_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "ocop.core.ratelimit.client_address"

# Behind a reverse proxy every request comes from the proxy's address: name the header the
# proxy *overwrites* with the client's (nginx: proxy_set_header X-Real-IP $remote_addr).
# Empty: REMOTE_ADDR. Used by the rate limits and by the login lockout. Production runs
# behind nginx (docs/deployment.md), so there it defaults to X-Real-IP: otherwise every
# shopper would share the proxy's address and its limits.
CLIENT_IP_HEADER = env_str("OCOP_CLIENT_IP_HEADER", "" if DEBUG else "X-Real-IP")
CLIENT_IP_HEADER_META = (
    "HTTP_" + CLIENT_IP_HEADER.upper().replace("-", "_") if CLIENT_IP_HEADER else ""
)

# Rate limits ("count/seconds", 0 = off), per client address unless said otherwise.
RATE_LIMITS.update(
    {
        # Failed sign-ins from one address, whatever the account (password spraying;
        # axes locks one account and address after OCOP_LOGIN_FAILURE_LIMIT failures).
        "login": env_str("OCOP_RATE_LOGIN", "30/300"),
        # Two-factor codes tried for one pending sign-in (per account).
        "login_otp": env_str("OCOP_RATE_LOGIN_OTP", "10/300"),
        "password_reset": env_str("OCOP_RATE_PASSWORD_RESET", "10/3600"),
        # Per e-mail address asked for, so that nobody floods one mailbox.
        "password_reset_email": env_str("OCOP_RATE_PASSWORD_RESET_EMAIL", "3/3600"),
        # Scans per address: generous (a shop checking its shelf); nginx limit_req is the
        # edge alternative (docs/security.md).
        "resolver": env_str("OCOP_RATE_RESOLVER", "1200/60"),
    }
)

# Uploaded images above this many pixels are refused (decompression bombs).
UPLOAD_MAX_PIXELS = env_int("OCOP_UPLOAD_MAX_PIXELS", 40_000_000)

# Two-factor (TOTP) for officials: optional, forced for these roles (accounts.enums.Role).
REQUIRE_2FA_ROLES = env_list("OCOP_REQUIRE_2FA_ROLES", [])
OTP_ISSUER = env_str("OCOP_OTP_ISSUER", "OCOP")
# Fernet key encrypting the TOTP secrets; unset: derived from OCOP_SECRET_KEY (then a new
# secret key without the old one in SECRET_KEY_FALLBACKS means everyone re-enrols).
OTP_KEY = env_str("OCOP_OTP_KEY")

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Browser features pages may use: only geolocation, for this origin (the "share where I
# scanned" button). OCOP_PERMISSIONS_POLICY replaces it ("feature=origins;…", "self"
# for this origin, nothing for none).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "geolocation": ["self"],
    "camera": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "accelerometer": [],
    "gyroscope": [],
    "magnetometer": [],
    "browsing-topics": [],
}
if env_str("OCOP_PERMISSIONS_POLICY"):
    PERMISSIONS_POLICY = {
        feature.strip(): origins.split()
        for feature, _eq, origins in (
            item.partition("=") for item in env_str("OCOP_PERMISSIONS_POLICY").split(";")
        )
        if feature.strip()
    }
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "ocop.core.middleware.PermissionsPolicyMiddleware",
)
# After authentication, so that a view's RateLimited can be rendered as 429.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "ocop.core.ratelimit.RateLimitMiddleware",
)

# No inline script or style anywhere: every script and stylesheet is a static file.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # Map tiles come from the configured tile server (scheme and host only).
    "img-src": [CSP.SELF, "data:", "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILES_URL))],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("OCOP_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("OCOP_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# After messages: redirects officials who must enrol in two-factor (none by default).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "ocop.accounts.middleware.RequireTwoFactorMiddleware",
)
