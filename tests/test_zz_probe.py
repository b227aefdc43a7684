from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.replying import reply_data

pytestmark = pytest.mark.django_db


def test_probe(client, guide, reply_page, settings):
    settings.REPLIES_FLOOD_LIMITS = [(15, 1), (3600, 10)]
    client.get(guide.url)
    data = reply_data()
    with CaptureQueriesContext(connection) as ctx:
        r = client.post(guide.url, data)
    assert r.status_code == 302
    print("\nPOST queries", len(ctx.captured_queries))
    for q in ctx.captured_queries:
        print("  ", q["sql"][:230])
