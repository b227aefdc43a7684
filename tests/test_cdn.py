"""A CDN in front of the site, configured from the environment, gets the page cache's purges."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from home.models import InformationPage
from tests.test_hardening import REQUIRED, production, production_setting


def production_frontend_cache(**env):
    return production_setting("WAGTAILFRONTENDCACHE", **env)


def test_cloudflare_is_configured_from_the_environment():
    assert production_frontend_cache() is None
    config = production_frontend_cache(CLOUDFLARE_ZONE_ID="zone1", CLOUDFLARE_API_TOKEN="t0k")
    assert config["cdn"]["BACKEND"].endswith("CloudflareBackend")
    assert (config["cdn"]["ZONEID"], config["cdn"]["BEARER_TOKEN"]) == ("zone1", "t0k")
    without_token = production("print('started')", **REQUIRED, CLOUDFLARE_ZONE_ID="zone1")
    assert without_token.returncode != 0 and "CLOUDFLARE_API_TOKEN" in without_token.stderr


class PurgeRecorder(BaseHTTPRequestHandler):
    """A cache that takes HTTP PURGE requests (as Varnish does) and notes each address."""

    purged = []

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.purged.append(f"{self.headers['Host']}{self.path}")
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_publishing_a_guide_purges_it_from_a_cdn(
    client, guide, settings, django_capture_on_commit_callbacks
):
    server = HTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        config = production_frontend_cache(CDN_PURGE_URL=f"http://127.0.0.1:{server.server_port}")
        settings.WAGTAILFRONTENDCACHE = config
        guide.title = "Microneedling, revised"
        with django_capture_on_commit_callbacks(execute=True):
            guide.save_revision().publish()
    finally:
        server.shutdown()
    assert "testserver/guides/microneedling-basics/" in PurgeRecorder.purged
    assert "testserver/guides/" in PurgeRecorder.purged
    assert "testserver/" in PurgeRecorder.purged


def test_unpublishing_a_page_purges_its_address_from_a_cdn(
    home, settings, django_capture_on_commit_callbacks
):
    about = InformationPage(title="About us", slug="about", body="<p>Us.</p>")
    home.add_child(instance=about)
    server = HTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        config = production_frontend_cache(CDN_PURGE_URL=f"http://127.0.0.1:{server.server_port}")
        settings.WAGTAILFRONTENDCACHE = config
        PurgeRecorder.purged.clear()
        with django_capture_on_commit_callbacks(execute=True):
            about.unpublish()
    finally:
        server.shutdown()
    assert "testserver/about/" in PurgeRecorder.purged
