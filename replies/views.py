"""Taking replies on guides and reply pages, and moderating them in the admin."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import rules
from .models import Reply, ReplySettings

logger = logging.getLogger(__name__)

FLOOD_MESSAGE = (
    "You are sending replies too quickly. Please wait {seconds} seconds and send it again: "
    "what you wrote is still here."
)
DUPLICATE_MESSAGE = "You have already sent this reply. It is waiting for moderation."
THANKS_TAG = "reply-thanks"


def approved_replies(reply_page, target):
    """Approved replies shown on ``target`` (a guide, or the reply page itself), oldest first."""
    replies = Reply.objects.approved().filter(page=reply_page)
    if target.pk == reply_page.pk:
        replies = replies.filter(guide__isnull=True)
    else:
        replies = replies.filter(guide_id=target.pk)
    return list(
        replies.order_by("submit_time", "pk").only(
            "pk", "author_name", "author_url", "comment", "submit_time"
        )
    )


def reply_context(request, reply_page, target, form=None):
    """What the reply section of ``target`` needs: the form and the approved replies."""
    if reply_page is None:
        return {"reply_page": None}
    if form is None:
        form = reply_page.get_form(page=reply_page, user=request.user)
    replies = approved_replies(reply_page, target)
    return {
        "reply_page": reply_page,
        "reply_form": form,
        "reply_action": target.get_url(request),
        "approved_replies": replies,
    }


def render_with_form(request, target, form, status=200):
    """Show ``target`` again with the visitor's form, its errors and everything they typed."""
    context = target.get_context(request, reply_form=form)
    return TemplateResponse(request, target.get_template(request), context, status=status)


def serve_reply(request, reply_page, target):
    """Handle a reply posted to ``target``: a live guide or the live reply page itself."""
    if getattr(request, "is_preview", False) or not (target.live and reply_page.live):
        return HttpResponseNotAllowed(["GET"])
    form = reply_page.get_form(request.POST, page=reply_page, user=request.user)
    if not form.is_valid():
        return render_with_form(request, target, form)

    ip_digest = rules.ip_hash(rules.client_ip(request))
    wait = rules.flood_wait(Reply.objects.all(), ip_digest)
    if wait:
        form.add_error(None, FLOOD_MESSAGE.format(seconds=wait))
        response = render_with_form(request, target, form, status=429)
        response["Retry-After"] = str(wait)
        return response

    guide = target if target.pk != reply_page.pk else None
    reply = Reply(
        page=reply_page,
        guide=guide,
        form_data=form.submitted_data(),
        author_name=form.role_value("name"),
        author_email=form.role_value("email"),
        author_url=form.role_value("website"),
        comment=form.role_value("comment"),
        ip_hash=ip_digest,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:512],
    )
    reply.duplicate_key = Reply.make_duplicate_key(
        reply_page.pk, guide and guide.pk, reply.author_email, reply.comment
    )
    reply.spam_reason = form.trap_reason() or spam_reason(request, reply)
    if reply.spam_reason:
        reply.status = Reply.Status.SPAM
    try:
        with transaction.atomic():
            reply.save()
    except IntegrityError:
        if not Reply.objects.filter(duplicate_key=reply.duplicate_key).exists():
            raise
        form.add_error(None, DUPLICATE_MESSAGE)
        return render_with_form(request, target, form, status=409)

    if reply.status != Reply.Status.SPAM:
        notify(reply_page, reply, target, form)
    messages.success(request, reply_page.thank_you_text, extra_tags=THANKS_TAG)
    # No "#leave-a-reply" fragment: browsers skip autofocus when the URL targets an element,
    # and the autofocused thank-you message already scrolls into view.
    return HttpResponseRedirect(target.get_url(request))


def spam_reason(request, reply):
    """Apply the editable spam rules (Settings → Reply spam rules)."""
    spam_settings = ReplySettings.for_request(request)
    texts = (reply.author_name, reply.author_email, reply.author_url, reply.comment)
    if rules.count_links(reply.author_name, reply.comment) > spam_settings.max_links:
        return Reply.SpamReason.LINKS
    if rules.disallowed_word_in(spam_settings.disallowed_list, *texts):
        return Reply.SpamReason.DISALLOWED
    return ""


def notify(reply_page, reply, target, form):
    """Email the reply page's address about a new reply, its answers labelled as in ``form``.
    Called after the reply is saved, so a mail failure is logged and loses nothing."""
    recipients = [a.strip() for a in reply_page.to_address.split(",") if a.strip()]
    if not recipients:
        return
    subject = f"{reply_page.subject or 'New reply'} on “{target.title}”"
    lines = [f"{reply.author_name or 'Someone'} replied to “{target.title}”.", ""]
    lines += [f"{f.label}: {reply.form_data.get(f.name) or ''}" for f in form.editor_fields()]
    lines += [
        "",
        f"Moderate it: {settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{reply.get_admin_url()}",
    ]
    try:
        send_mail(
            " ".join(subject.split()),
            "\n".join(lines),
            reply_page.from_address or settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    except Exception:
        logger.exception("Reply %s was saved but its notification email failed", reply.pk)


# action: (new status, button label, what the message says was done)
MODERATION_ACTIONS = {
    "approve": (Reply.Status.APPROVED, "Approve", "approved"),
    "pending": (Reply.Status.PENDING, "Return to pending", "returned to pending"),
    "spam": (Reply.Status.SPAM, "Mark as spam", "marked as spam"),
    "trash": (Reply.Status.TRASH, "Move to trash", "moved to trash"),
}


@require_POST
@permission_required("replies.change_reply", raise_exception=True)
def moderate(request):
    """Set the status of the selected replies (the list's bulk actions and the inspect view)."""
    action = MODERATION_ACTIONS.get(request.POST.get("action", ""))
    ids = [pk for pk in request.POST.getlist("reply") if pk.isdigit()]
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse("replies_reply_modeladmin_index")
    if action is None:
        messages.error(request, "Choose what to do with the selected replies.")
    elif not ids:
        messages.error(request, "Select at least one reply first.")
    else:
        status, _, done = action
        count = Reply.objects.filter(pk__in=ids).update(status=status)
        messages.success(request, f"{count} repl{'y' if count == 1 else 'ies'} {done}.")
    return HttpResponseRedirect(back)
