"""What in the guides app purges the page cache (home/page_cache.py), besides the pages
themselves (``GuidePage.url_paths_showing_it``): replies, shown under their guide or their
reply form page; people, shown on many pages (reviewers, answers, the people page); and
the people page's lists of the guides each person reviewed."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.page_cache import purge_everything, purge_url_paths

from .models import GuidePage, PeoplePage, Person, Reply


def purge_pages_of_replies(replies):
    """Purge the pages that show ``replies`` (a queryset or list): each one's guide, or the
    reply form page it was posted on. Call it after changing replies with ``.update()``,
    which sends no signal."""
    pairs = (
        replies.values_list("guide_id", "page_id")
        if hasattr(replies, "values_list")
        else [(reply.guide_id, reply.page_id) for reply in replies]
    )
    page_ids = {guide_id or page_id for guide_id, page_id in pairs}
    if page_ids:
        purge_url_paths(Page.objects.filter(pk__in=page_ids).values_list("url_path", flat=True))


@receiver(post_save, sender=Reply)
def purge_after_a_reply_changes(sender, instance, created, **kwargs):
    """A new reply waits for moderation unless it was made approved (the demo, an import):
    posting one purges nothing, so readers' replies never empty the cache."""
    if not created or instance.status == Reply.Status.APPROVED:
        purge_pages_of_replies([instance])


@receiver(post_delete, sender=Reply)
def purge_after_a_reply_is_deleted(sender, instance, **kwargs):
    purge_pages_of_replies([instance])


@receiver(post_save, sender=Person)
@receiver(post_delete, sender=Person)
def purge_after_a_person_changes(sender, **kwargs):
    purge_everything()


@receiver(post_save, sender=GuidePage)
@receiver(page_published, sender=GuidePage)
@receiver(page_unpublished, sender=GuidePage)
@receiver(post_page_move, sender=GuidePage)
@receiver(pre_delete, sender=GuidePage)
def purge_the_people_page(sender, **kwargs):
    """The people page lists the live guides each person reviewed, by title and address.
    (Drafts, saved with ``update_fields``, change nothing there.)"""
    if kwargs.get("update_fields") is None:
        purge_url_paths(PeoplePage.objects.values_list("url_path", flat=True))
