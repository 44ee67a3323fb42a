"""
The e2e tests' second authorization server: Django OAuth Toolkit (on oauthlib), an OAuth 2.0 /
OpenID Connect server written independently of oidc-provider, from Debian's packages
(scripts/ensure-dot-server.js installs them). Everything lives in memory or in a temporary
directory made at startup and removed at exit: a fresh SQLite database, a fresh RSA signing key,
one user and the clients below.

    /usr/bin/python3 tests/support/dot-server.py [--port 9093]

Clients (redirect URI: the app served by `vite preview`, http://127.0.0.1:4173/):
  peer-cc            confidential, client_credentials; secret "peer+cc+secret" (its "+" reads as a
                     space to a server that decodes Basic credentials, as RFC 6749 §2.3.1 says and
                     this one does, when it is sent as typed)
  peer-confidential  confidential, authorization_code + PKCE (+ refresh), ID tokens RS256
  peer-spa           public, authorization_code + PKCE (+ refresh), ID tokens RS256
User: peer-user / peer-password. Endpoints: /authorize/, /token/, /revoke_token/, /introspect/,
/userinfo/, /.well-known/openid-configuration, /.well-known/jwks.json.
"""
import argparse
import os
import signal
import sys
import tempfile

import django
from django.conf import settings

APP_ORIGIN = "http://127.0.0.1:4173"
CLIENTS = [
    # client_id, secret, type, grant
    ("peer-cc", "peer+cc+secret", "confidential", "client-credentials"),
    ("peer-confidential", "peer-confidential-secret", "confidential", "authorization-code"),
    ("peer-spa", "", "public", "authorization-code"),
]
USER, PASSWORD = "peer-user", "peer-password"

LOGIN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in: Django OAuth Toolkit test server</title></head>
<body><main><h1>Sign in</h1>
<form method="post">{% csrf_token %}{{ form.as_p }}<input type="hidden" name="next" value="{{ next }}">
<button type="submit">Sign in</button></form></main></body></html>"""


def configure(port, workdir):
    from jwcrypto import jwk

    issuer = f"http://127.0.0.1:{port}"
    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["127.0.0.1"],
        SECRET_KEY=os.urandom(32).hex(),
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "oauth2_provider",
            "corsheaders",
        ],
        MIDDLEWARE=[
            "corsheaders.middleware.CorsMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(workdir, "db.sqlite3")}},
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        USE_TZ=True,
        STATIC_URL="/static/",
        LOGIN_URL="/login/",
        # a test server with one throwaway user: fast hashing keeps each sign-in quick
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {
                    "loaders": [
                        ("django.template.loaders.locmem.Loader", {"login.html": LOGIN_PAGE}),
                        "django.template.loaders.app_directories.Loader",
                    ],
                    "context_processors": ["django.template.context_processors.request", "django.contrib.auth.context_processors.auth"],
                },
            }
        ],
        # The app is a page on another origin: it calls token, revoke, introspect and UserInfo with fetch.
        CORS_ALLOWED_ORIGINS=[APP_ORIGIN],
        CORS_EXPOSE_HEADERS=["WWW-Authenticate"],
        OAUTH2_PROVIDER={
            "OIDC_ENABLED": True,
            "OIDC_ISS_ENDPOINT": issuer,
            "OIDC_RSA_PRIVATE_KEY": jwk.JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None).decode(),
            "OAUTH2_VALIDATOR_CLASS": f"{__name__}.Validator",
            "PKCE_REQUIRED": True,
            "SCOPES": {"openid": "OpenID Connect", "read": "Read", "write": "Write", "introspection": "Introspect tokens"},
            "DEFAULT_SCOPES": ["read"],
            "ACCESS_TOKEN_EXPIRE_SECONDS": 600,
        },
        LOGGING={
            "version": 1,
            "handlers": {"stderr": {"class": "logging.StreamHandler"}},
            # request lines and 4xx stay quiet; server errors are printed
            "loggers": {"django": {"handlers": ["stderr"], "level": "ERROR"}},
        },
    )


def seed():
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    User.objects.create_user(USER, password=PASSWORD)
    for client_id, secret, client_type, grant in CLIENTS:
        code = grant == "authorization-code"
        Application.objects.create(
            name=client_id,
            client_id=client_id,
            client_secret=secret,
            client_type=client_type,
            authorization_grant_type=grant,
            redirect_uris=f"{APP_ORIGIN}/" if code else "",
            algorithm="RS256" if code else "",
        )


def urls():
    from django.contrib.auth.views import LoginView
    from django.urls import include, path, re_path
    from oauth2_provider.views import ConnectDiscoveryInfoView

    return [
        # DOT serves discovery only with a trailing slash; OpenID Connect Discovery asks without one
        re_path(r"^\.well-known/openid-configuration$", ConnectDiscoveryInfoView.as_view()),
        path("login/", LoginView.as_view(template_name="login.html")),
        path("", include("oauth2_provider.urls", namespace="oauth2_provider")),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=9093)
    port = parser.parse_args().port
    # Playwright stops web servers with SIGTERM: exit normally so the temporary directory goes
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with tempfile.TemporaryDirectory(prefix="dot-server-") as workdir:
        configure(port, workdir)
        django.setup()
        # Both need Django set up first; Django and DOT look them up in this module (ROOT_URLCONF and
        # OAUTH2_VALIDATOR_CLASS name it) at the first request.
        global Validator, urlpatterns
        from oauth2_provider.oauth2_validators import OAuth2Validator

        class Validator(OAuth2Validator):
            """The user's login name in the ID token and UserInfo, besides DOT's numeric `sub`."""

            def get_additional_claims(self, request):
                return {"preferred_username": request.user.get_username()}

        urlpatterns = urls()
        from django.core.management import call_command
        from django.core.servers.basehttp import run
        from django.core.wsgi import get_wsgi_application

        call_command("migrate", verbosity=0)
        seed()
        print(f"Django OAuth Toolkit test server on http://127.0.0.1:{port}", flush=True)
        run("127.0.0.1", port, get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
