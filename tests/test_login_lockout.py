"""Guessing passwords on the Wagtail admin's sign-in: locked out after five tries (django-axes)."""

from django.test import Client

import pytest
from bs4 import BeautifulSoup

from tests.factories import StaffUserFactory

LOGIN = "/admin/login/"
PASSWORD = "the-right-one-1"


@pytest.fixture
def editor(db):
    return StaffUserFactory(username="edith", password=PASSWORD, groups=["Editors"])


def sign_in(client, password, username="edith", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def signed_in(client):
    return client.get("/admin/").status_code == 200


def test_five_wrong_passwords_lock_the_account_from_that_address(editor):
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200  # the form again, with its error
    response = sign_in(client, "wrong")
    assert response.status_code == 429
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())
    assert "Sign-in paused" in text and "too many wrong passwords" in text

    # Even the right password is refused now…
    assert sign_in(client, PASSWORD).status_code == 429
    assert not signed_in(client)
    # …from that address; the same person elsewhere, or another account, is not locked.
    elsewhere = Client(REMOTE_ADDR="198.51.100.8")
    assert sign_in(elsewhere, PASSWORD).status_code == 302
    assert signed_in(elsewhere)


def test_a_correct_password_before_the_limit_resets_the_count(editor):
    client = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_visitors_address_is_locked_not_the_proxys(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.2")  # every request arrives from the proxy
    attacker = {"HTTP_X_FORWARDED_FOR": "forged-by-attacker, 203.0.113.66"}
    reader = {"HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    for _ in range(5):
        sign_in(proxy, "wrong", **attacker)
    assert sign_in(proxy, PASSWORD, **attacker).status_code == 429
    # The real editor, through the same proxy, signs in.
    assert sign_in(proxy, PASSWORD, **reader).status_code == 302
