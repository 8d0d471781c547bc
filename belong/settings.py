"""Settings for Belong, read from the environment.

Every variable is listed, with its default, in ``.env.example`` and in
``docs/operators.md``. Defaults suit one machine on SQLite; production sets
``DATABASE_URL``, ``BELONG_SECRET_KEY`` and ``BELONG_HTTPS=true``.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from belong.core.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret,
    env_str,
    local_secret_key,
)
from belong.core.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("BELONG_DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("BELONG_DEBUG", False)
_secret_key = env_secret("BELONG_SECRET_KEY")
# Production must set the key (system check belong.E001): a key generated on
# one machine differs on the next, and every signed link and session breaks.
SECRET_KEY_CONFIGURED = bool(_secret_key)
SECRET_KEY = _secret_key or local_secret_key(DATA_DIR)
# Old keys still accepted after a rotation (signed links, sessions, sealed envelopes).
SECRET_KEY_FALLBACKS = env_list("BELONG_SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("BELONG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("BELONG_CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env_str("BELONG_SITE_NAME", "Belong")
# The public address, for links in e-mails and calendar feeds (no trailing slash).
BELONG_SITE_URL = env_str("BELONG_SITE_URL", "").rstrip("/")
SCHOOL_NAME = env_str("BELONG_SCHOOL_NAME", "Demo School of Medicine")

INSTALLED_APPS = [
    # Django's admin; its site records every write in Belong's audit log.
    "belong.access.admin_config.BelongAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "axes",
    "mozilla_django_oidc",
    "django_tasks",
    "django_tasks_db",
    # django-ninja: its bundled Swagger UI (templates and static files) for /api/v1/docs.
    "ninja",
    "belong.core",
    "belong.access",
    "belong.importing",
    "belong.people",
    "belong.anonymity",
    "belong.publishing",
    "belong.equity",
    "belong.surveys",
    "belong.concerns",
    "belong.plans",
    "belong.coaching",
    "belong.wellbeing",
    "belong.directory",
    "belong.demo",
]

MIDDLEWARE = [
    # First, so that its request id and timing cover everything below it.
    "belong.core.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # SAML's own session (its requests in flight); idle unless SAML is used.
    "djangosaml2.middleware.SamlSessionMiddleware",
    # After sessions, before common: the language from the cookie, then the browser.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "belong.core.middleware.NoStoreForSignedInMiddleware",
    # Last, so that a locked-out login is refused before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "belong.urls"
WSGI_APPLICATION = "belong.wsgi.application"

# Every form renders through the one form pattern (belong/core/forms.py).
FORM_RENDERER = "belong.core.forms.BelongFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "belong" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "belong.core.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------
# SQLite in DATA_DIR by default; PostgreSQL (or any dj-database-url URL) via
# DATABASE_URL, e.g. postgres://belong@db.example.org:5432/belong
_default_sqlite = f"sqlite:///{DATA_DIR / 'belong.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_sqlite) or _default_sqlite,
        conn_max_age=env_int("BELONG_DB_CONN_MAX_AGE", 0, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while one writer writes; IMMEDIATE makes a
        # write transaction take the lock up front instead of failing later.
        # secure_delete overwrites deleted rows, so a sealed envelope that was
        # opened and deleted leaves nothing readable in the file.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        " PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA secure_delete=ON;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------
AUTH_USER_MODEL = "access.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Single sign-on by OpenID Connect: on when BELONG_OIDC_CLIENT_ID is set.
OIDC_ENABLED = bool(env_str("BELONG_OIDC_CLIENT_ID"))
OIDC_RP_CLIENT_ID = env_str("BELONG_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_secret("BELONG_OIDC_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = env_str("BELONG_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("BELONG_OIDC_SCOPES", "openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("BELONG_OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("BELONG_OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("BELONG_OIDC_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("BELONG_OIDC_JWKS_ENDPOINT")
OIDC_PROVIDER_NAME = env_str("BELONG_OIDC_PROVIDER_NAME", "institutional sign-in")
OIDC_ISSUER = env_str("BELONG_OIDC_ISSUER")
# The claim that carries the institutional id used to find the Person.
OIDC_INSTITUTIONAL_ID_CLAIM = env_str("BELONG_OIDC_INSTITUTIONAL_ID_CLAIM", "employee_id")
OIDC_CREATE_USER = True
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("belong.access.oidc.PersonOIDCBackend")

# Single sign-on by SAML 2.0 (belong/access/saml/, docs/operators.md): on when the
# identity provider's metadata is given as a file or a URL.
SAML_IDP_METADATA_FILE = env_str("BELONG_SAML_IDP_METADATA_FILE")
SAML_IDP_METADATA_URL = env_str("BELONG_SAML_IDP_METADATA_URL")
# A certificate that must have signed the metadata fetched from the URL (e.g. InCommon's).
SAML_IDP_METADATA_CERT = env_str("BELONG_SAML_IDP_METADATA_CERT")
SAML_ENABLED = bool(SAML_IDP_METADATA_FILE or SAML_IDP_METADATA_URL)
SAML_PROVIDER_NAME = env_str("BELONG_SAML_PROVIDER_NAME", "institutional sign-in (SAML)")
# Belong's entity id; by default the address of its metadata under BELONG_SITE_URL.
SAML_ENTITY_ID = env_str("BELONG_SAML_ENTITY_ID")
SAML_SP_KEY_FILE = env_str("BELONG_SAML_SP_KEY_FILE")
SAML_SP_CERT_FILE = env_str("BELONG_SAML_SP_CERT_FILE")
# The attribute that names the person, and what in the school's records it matches.
SAML_ID_ATTRIBUTE = env_str("BELONG_SAML_ID_ATTRIBUTE", "urn:oid:1.3.6.1.4.1.5923.1.1.1.6")
SAML_ID_MATCHES = env_choice(
    "BELONG_SAML_ID_MATCHES", ("institutional_id", "email"), "institutional_id"
)
SAML_ID_SCOPE = env_str("BELONG_SAML_ID_SCOPE").strip().lstrip("@")
SAML_WANT_RESPONSE_SIGNED = env_bool("BELONG_SAML_WANT_RESPONSE_SIGNED", False)
SAML_XMLSEC_BINARY = env_str("BELONG_SAML_XMLSEC_BINARY", "/usr/bin/xmlsec1")
# djangosaml2: Belong builds the pysaml2 configuration from the settings above.
SAML_CONFIG_LOADER = "belong.access.saml.config.sp_config"
SAML_SESSION_COOKIE_NAME = "belong_saml"
# The sign-in request goes to the identity provider as a redirect: a self-submitting
# form would need an inline script, which the Content Security Policy forbids.
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
if SAML_ENABLED:
    AUTHENTICATION_BACKENDS.append("belong.access.saml.backend.PersonSAMLBackend")

# An invitation's link to choose a password works once, for this many days.
BELONG_INVITATION_DAYS = env_int("BELONG_INVITATION_DAYS", 7, minimum=1)

# Login throttling (django-axes): lock a username from an address after
# repeated failures, for a cool-off period.
AXES_FAILURE_LIMIT = env_int("BELONG_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("BELONG_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("BELONG_LOGIN_THROTTLING", True)

# --- Sessions and cookies -------------------------------------------------
# Production sets BELONG_HTTPS=true: secure cookies, HTTPS redirect and HSTS.
HTTPS = env_bool("BELONG_HTTPS", False)
SESSION_COOKIE_AGE = env_int("BELONG_SESSION_SECONDS", 8 * 60 * 60, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True  # idle expiry: the clock restarts on each request
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# SAML's session cookie: the identity provider posts its answer from another
# site; only a SameSite=None cookie comes with it, and browsers take those over
# HTTPS only.
SAML_SESSION_COOKIE_SAMESITE = "None" if HTTPS else "Lax"
SECURE_SSL_REDIRECT = HTTPS and env_bool("BELONG_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("BELONG_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("BELONG_HSTS_PRELOAD", False)
# Preloading commits every subdomain of the school's domain to HTTPS for
# years; that is the school's IT decision, not Belong's, so it is off by
# default and its deploy-check reminder is silenced until it is chosen.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if env_bool("BELONG_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy with per-request nonces: no inline script runs
# unless the server put it there for this response.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # Plotly positions chart elements with inline style attributes.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- E-mail ---------------------------------------------------------------
_email = env_choice("BELONG_EMAIL", ("console", "smtp", "locmem", "file"), "console")
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}[_email]
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env_str("BELONG_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("BELONG_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("BELONG_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_secret("BELONG_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("BELONG_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = env_str("BELONG_FROM_EMAIL", "belong@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks (django-tasks, database backend) --------------------
TASKS = {
    "default": {
        "BACKEND": env_str("BELONG_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Static files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("BELONG_STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Production (collectstatic, hashed names, long cache) or straight from the
# installed packages (development, tests, the demo).
MANIFEST_STATIC = env_bool("BELONG_MANIFEST_STATIC", HTTPS)
WHITENOISE_USE_FINDERS = not MANIFEST_STATIC
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if MANIFEST_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Uploaded import files are read in memory up to this size.
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Uploaded import files wait here (never under a public URL) between the
# column-mapping, dry-run and apply steps; removed after apply or discard.
BELONG_IMPORT_UPLOAD_DIR = Path(
    env_str("BELONG_IMPORT_UPLOAD_DIR", str(DATA_DIR / "import-uploads"))
)
BELONG_COVERAGE_PROOF_MAX_BYTES = env_int(
    "BELONG_COVERAGE_PROOF_MAX_BYTES", 5 * 1024 * 1024, minimum=1024
)
# Learning-environment concerns (docs/concerns.md): days to triage a new case, and the
# budgets of failed receipt checks (every receipt per hour; one receipt per day).
BELONG_CONCERNS_TRIAGE_DAYS = env_int("BELONG_CONCERNS_TRIAGE_DAYS", 3, minimum=1)
BELONG_CONCERNS_RECEIPT_FAILURES_PER_HOUR = env_int(
    "BELONG_CONCERNS_RECEIPT_FAILURES_PER_HOUR", 100, minimum=1
)
BELONG_CONCERNS_RECEIPT_FAILURES_PER_DAY = env_int(
    "BELONG_CONCERNS_RECEIPT_FAILURES_PER_DAY", 10, minimum=1
)
BELONG_CONCERNS_ATTACHMENT_MAX_BYTES = env_int(
    "BELONG_CONCERNS_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024
)
BELONG_IMPORT_MAX_BYTES = env_int("BELONG_IMPORT_MAX_BYTES", 50 * 1024 * 1024, minimum=1024)
# A workbook is measured before it is unpacked (docs/importing.md, "Limits"): the
# sizes its parts declare, its compression ratio, and the cells its first sheet declares.
BELONG_IMPORT_XLSX_MAX_UNPACKED_BYTES = env_int(
    "BELONG_IMPORT_XLSX_MAX_UNPACKED_BYTES", 256 * 1024 * 1024, minimum=1024 * 1024
)
BELONG_IMPORT_XLSX_MAX_RATIO = env_int("BELONG_IMPORT_XLSX_MAX_RATIO", 100, minimum=10)
BELONG_IMPORT_XLSX_MAX_CELLS = env_int("BELONG_IMPORT_XLSX_MAX_CELLS", 10_000_000, minimum=1000)
BELONG_IMPORT_JSON_MAX_BYTES = env_int(
    "BELONG_IMPORT_JSON_MAX_BYTES", 20 * 1024 * 1024, minimum=1024
)
# Web imports of files larger than this run on the task worker, with their
# progress on the page; smaller ones run in the request (a few seconds at most).
BELONG_IMPORT_INLINE_MAX_BYTES = env_int("BELONG_IMPORT_INLINE_MAX_BYTES", 256 * 1024, minimum=0)

# --- Locale ---------------------------------------------------------------
LANGUAGE_CODE = "en"
# Pages students, survey respondents, reporters and the public see are in both
# languages; the rest stays English (docs/decisions/0033-spanish.md).
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "belong" / "locale"]
LANGUAGE_COOKIE_NAME = "belong_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
TIME_ZONE = env_str("BELONG_TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

# --- Privacy --------------------------------------------------------------
# Smallest number of people an aggregate cell may describe before it is
# suppressed (see docs/decisions/0004-small-cell-suppression.md).
PRIVACY_MIN_CELL = env_int("BELONG_PRIVACY_MIN_CELL", 10, minimum=1)
# Wall-time budget of the guard over everything an audience has seen, per
# publication; past it, publishing is refused (docs/decisions/0020).
BELONG_GUARD_SECONDS = env_int("BELONG_GUARD_SECONDS", 30, minimum=1)

# --- Logging and error reporting ------------------------------------------
# One line per request on standard error, with a request id; readable text, or
# JSON lines with BELONG_LOG_FORMAT=json. See belong/core/logging.py and
# docs/operators.md ("Logs").
LOGGING = logging_config(
    fmt=env_choice("BELONG_LOG_FORMAT", ("text", "json"), "text"),
    level=env_choice(
        "BELONG_LOG_LEVEL", ("debug", "info", "warning", "error", "critical"), "info"
    ).upper(),
)
# A header set by a trusted proxy that already carries a request id (e.g.
# X-Request-ID); empty: Belong makes its own and ignores what clients send.
BELONG_REQUEST_ID_HEADER = env_str("BELONG_REQUEST_ID_HEADER", "").strip()

# Optional: errors reported to Sentry (pip install 'belong[sentry]').
SENTRY_DSN = env_secret("SENTRY_DSN")
if SENTRY_DSN:
    from belong.core.sentry import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env_str("BELONG_SENTRY_ENVIRONMENT", "production"),
        release=env_str("BELONG_RELEASE", ""),
    )
