"""WSGI entry point. Production servers set DJANGO_SETTINGS_MODULE themselves."""

import codecs
import os
import re

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.production")

CHARSET_PARAMETER = re.compile(r";\s*charset=([^;]*)", re.IGNORECASE)


def is_text_encoding(name):
    try:
        return codecs.lookup(name.strip().strip('"'))._is_text_encoding
    except LookupError:
        return True  # Django ignores names it doesn't know


class DropUnreadableCharset:
    """Removes a Content-Type charset that names a codec for bytes, not text (rot13, base64…).

    Django decodes the query string with it while it is still building the request, before any
    middleware can answer, and the request fails with a bare 500. Without it the request is
    read as UTF-8; a body that isn't gets the 400 page (home.middleware.CleanInputMiddleware).
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        content_type = environ.get("CONTENT_TYPE", "")
        match = CHARSET_PARAMETER.search(content_type)
        if match and not is_text_encoding(match.group(1)):
            environ["CONTENT_TYPE"] = CHARSET_PARAMETER.sub("", content_type)
        return self.app(environ, start_response)


application = DropUnreadableCharset(get_wsgi_application())
