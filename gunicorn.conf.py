"""gunicorn settings for jinzai: `gunicorn jinzai.wsgi` reads this file from the working directory.

Each value can be changed with an environment variable (docs/operations.md):
GUNICORN_BIND (127.0.0.1:8000), GUNICORN_WORKERS (2), GUNICORN_TIMEOUT (60 s).
TRUSTED_PROXIES (the same variable as the application's) tells gunicorn which proxies may say that
the request came over HTTPS (X-Forwarded-Proto).
"""

import os

import gunicorn.http.wsgi

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "") or "127.0.0.1,::1"
accesslog = "-"
# The client address is resolved by the application (jinzai.core.clientip); %(h)s is the proxy.
access_log_format = '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(b)s %(M)sms'

# No "Server" header: gunicorn names itself in every response, which tells a visitor what to attack.
# (Behind nginx the proxy replaces it; `server_tokens off;` there hides nginx's version.)
# The WSGI SERVER_SOFTWARE variable is only seen by the application; it is made neutral as well.
gunicorn.http.wsgi.SERVER_SOFTWARE = "jinzai"
_default_headers = gunicorn.http.wsgi.Response.default_headers


def _headers_without_server(self):
    return [h for h in _default_headers(self) if not h.lower().startswith("server:")]


gunicorn.http.wsgi.Response.default_headers = _headers_without_server
