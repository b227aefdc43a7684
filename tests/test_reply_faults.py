"""Faults while a reader posts: the database fails, the mail server hangs. Nothing accepted is
lost, and no page claims a reply was saved when it was not. (A live run against PostgreSQL
dropping its connections: tests/test_reply_fault_live.py.)"""

from unittest import mock

from django.core import mail
from django.db import OperationalError
from django.test import Client

import pytest
from bs4 import BeautifulSoup
from django_tasks_db.models import DBTaskResult

from guides.models import Reply
from tests.replying import reply_data

pytestmark = pytest.mark.django_db

LOST = OperationalError("server closed the connection unexpectedly")


def test_a_post_that_meets_a_database_error_once_is_tried_again_and_stored(guide):
    client = Client(raise_request_exception=False)
    with mock.patch("guides.spam.flood_wait", side_effect=[LOST, 0]) as flood_check:
        response = client.post(guide.url, reply_data())
    assert flood_check.call_count == 2
    assert response.status_code == 302 and response["Location"] == guide.url
    assert Reply.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_post_that_fails_twice_keeps_the_readers_text_and_says_it_was_not_saved(guide):
    client = Client(raise_request_exception=False)
    comment = "My skin <b>reacted</b> badly.\nWhat now?"
    with mock.patch("guides.spam.flood_wait", side_effect=LOST):
        response = client.post(guide.url, reply_data(comment=comment))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("h1").get_text() == "Your reply was not saved"
    kept = {t["name"]: t.get_text() for t in soup.select("form textarea")}
    assert kept["comment"].strip() == comment
    assert kept["name"] == "Sam Reader" and kept["email"] == "sam@example.com"
    assert "homepage_url" not in kept and "csrfmiddlewaretoken" not in kept
    assert soup.select_one("input[type=hidden][name=form_started]")
    assert "Thanks" not in soup.get_text() and "Traceback" not in response.content.decode()
    assert Reply.objects.count() == 0

    # Sent again from that page (the form posts the same fields back), it is stored.
    again = {t["name"]: t.get_text() for t in soup.select("form textarea")}
    again["form_started"] = soup.select_one("input[name=form_started]")["value"]
    assert client.post(soup.find("form")["action"], again).status_code == 302
    assert Reply.objects.get().comment == comment


def test_other_errors_are_not_retried_and_promise_nothing(guide):
    client = Client(raise_request_exception=False)
    with mock.patch("guides.spam.flood_wait", side_effect=RuntimeError("a bug")) as flood_check:
        response = client.post(guide.url, reply_data())
    assert flood_check.call_count == 1
    assert response.status_code == 500
    text = BeautifulSoup(response.content, "html.parser").get_text()
    assert "Something went wrong" in text and "may not have arrived" in text
    assert "lost" not in text and "saved" not in text


@pytest.fixture
def queued_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_with_the_task_queue_the_email_waits_for_the_worker(client, guide, queued_tasks):
    response = client.post(guide.url, reply_data())
    assert response.status_code == 302
    assert Reply.objects.count() == 1
    assert not mail.outbox  # the reader did not wait for the mail server
    [queued] = DBTaskResult.objects.ready()
    assert queued.task_name.endswith("send_reply_notification")

    # What `manage.py db_worker` does with it (run here without the worker's own connections).
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    [email] = mail.outbox
    assert email.to == ["moderators@example.com"]
    assert "Sam Reader replied to" in email.body
