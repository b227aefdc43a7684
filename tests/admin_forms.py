"""POST data for the page editor, shaped as Wagtail's admin sends it."""

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def benefit_value(heading, text):
    return {
        "heading": heading,
        "body": rich_text(f"<p>{text}</p>"),
        "image": {"image": "", "decorative": "", "alt_text": ""},
    }


def guide_form_data(title, benefits, *, order=None, **fields):
    """Editor form data for a guide whose body is benefit blocks (heading, text).

    ``order`` gives each block's position as the admin's drag-and-drop and
    move controls do: block i is shown at position order[i].
    """
    body = streamfield([("benefit", benefit_value(h, t)) for h, t in benefits])
    if order is not None:
        for index, position in enumerate(order):
            body[str(index)]["order"] = str(position)
    data = {
        "title": title,
        "slug": fields.pop("slug", None) or title.lower().replace(" ", "-"),
        "intro": rich_text("<p>What this guide covers.</p>"),
        "author_name": "Ann Author",
        "published_date": "2026-11-01",
        "last_reviewed": "",
        "reviewed_by": "",
        "topics": "",
        "hero_image": "",
        "hero_image_alt": "",
        "body": body,
        "comments": inline_formset([]),
        **fields,
    }
    return nested_form_data(data)


def reply_form_post_data(page, **changes):
    """The reply form page's editor form as the admin posts it, its fields unchanged."""
    fields = [
        {
            "id": f.pk,
            "label": f.label,
            "field_type": f.field_type,
            "required": "on" if f.required else "",
        }
        for f in page.form_fields.all()
    ]
    values = {
        "title": page.title,
        "slug": page.slug,
        "form_heading": page.form_heading,
        "required_note": page.required_note,
        "thank_you_text": page.thank_you_text,
        "intro": rich_text(page.intro),
        "form_fields": inline_formset(fields, initial=len(fields)),
        "to_address": page.to_address,
        "from_address": page.from_address,
        "subject": page.subject,
    }
    values.update(changes)
    return nested_form_data(values)


def add_guide_url(parent):
    """The admin's address for adding a guide under ``parent``."""
    return reverse("wagtailadmin_pages:add", args=["guides", "guidepage", parent.pk])
