"""gunicorn's settings for production: `make serve-production` (or
`gunicorn -c gunicorn.conf.py site_project.wsgi`). Each can be set from the environment."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))  # about one per core
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Recycle workers now and then, so a slow leak never grows for weeks.
max_requests = 2000
max_requests_jitter = 200
# The longest request line and header gunicorn reads (its maximum); a longer one gets
# gunicorn's own bare 414/431 before Django sees it (a proxy in front may answer first).
limit_request_line = 8190
limit_request_field_size = 8190
accesslog = "-"
errorlog = "-"
# gunicorn itself believes X-Forwarded-* only from these addresses (the proxy's).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Django decides whether to believe X-Forwarded-Proto (DJANGO_TRUSTED_PROXY_COUNT); gunicorn
# must not switch the scheme on its own from headers a client may have sent.
secure_scheme_headers = {}
