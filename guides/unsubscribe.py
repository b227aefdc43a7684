"""The link in a reader's answer email that stops emails about their reply."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .models import Reply
from .tasks import reply_id_from_token


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The link in an answer email: a button (mail scanners open links, so GET changes
    nothing) that stops emails about that reply. No login; the token is signed."""
    reply_id = reply_id_from_token(token)
    reply = Reply.objects.filter(pk=reply_id).first() if reply_id else None
    if reply is None:
        raise Http404
    done = request.method == "POST"
    if done:
        Reply.objects.filter(pk=reply.pk).update(notify_on_answer=False)
    return render(request, "guides/unsubscribe.html", {"done": done}, status=200)
