"""The reply form readers fill in: editor-defined fields plus anti-spam traps.

Wagtail's form builder makes a field per ``ReplyFormField``; this module adds what a
public comment form needs on top: WordPress's maximum lengths and ``autocomplete`` for
the name, email and website fields, a ``*`` and ``aria-required`` on required fields,
a honeypot field and a signed "form started at" token for the minimum fill time.
Fields render with Django's own templates (``field.as_field_group``).
"""

import functools
import re

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.forms.boundfield import BoundField
from django.utils.html import format_html

from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from . import spam

HONEYPOT_FIELD = "homepage_url"
STARTED_FIELD = "form_started"
TRAP_FIELDS = (HONEYPOT_FIELD, STARTED_FIELD)
# The reader's choices that every reply form offers after the editor's fields, stored on
# the Reply (not in its form data): field name → label.
READER_OPTIONS = {
    "asks_question": "I have a question for the team",
    # No "email", "name" or "comment" in it: it must not be mistaken for those fields' labels.
    "notify_on_answer": "Notify me once when the team answers my reply (at the address "
    "above, which stays private; you can unsubscribe)",
}

# Which editor-defined field plays which part, found by field type so that
# relabelling a field ("Name" → "Your name") doesn't break anything: the first
# single-line field is the name, the first email field the email, and so on.
ROLE_BY_TYPE = {
    "singleline": "name",
    "email": "email",
    "url": "website",
    "multiline": "comment",
}
# WordPress's limits for comment fields, in characters.
MAX_LENGTHS = {"name": 245, "email": 100, "website": 200, "comment": 65_525}
AUTOCOMPLETE = {"name": "name", "email": "email", "website": "url"}
EMAIL_IN_TEXT = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
NAME_IS_EMAIL_MESSAGE = "Your name is shown with your reply, so it can't contain an email address."


def field_roles(form_fields):
    """Map each role (name, email, website, comment) to the clean name of its field."""
    roles = {}
    for field in form_fields:
        role = ROLE_BY_TYPE.get(field.field_type)
        if role and role not in roles:
            roles[role] = field.clean_name or field.get_field_clean_name()
    return roles


class ReplyBoundField(BoundField):
    """Django's field, with a ``*`` after the label and ``aria-required`` when required.

    The star is hidden from screen readers, which announce "required" from the input.
    """

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        if self.field.required:
            contents = format_html(
                '{} <span class="required-mark" aria-hidden="true">*</span>',
                contents or self.label,
            )
        return super().label_tag(contents, attrs, label_suffix, tag)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if attrs.get("required"):
            attrs["aria-required"] = "true"
        return attrs


class ReplyForm(BaseForm):
    """Base class of every reply form; the form builder adds the editor's fields.

    Besides Wagtail's ``page`` and ``user`` it takes the ``request`` (address and browser
    for the spam rules) and the ``guide`` the reply is about (None on the reply form page).
    Once valid, ``cleaned_data`` holds only the editor's fields and ``spam_trap`` says
    which trap, if any, caught the post. ``with_tokens=False`` renders an empty form without
    its CSRF and fill-time tokens, for pages a shared cache may store (docs/replies.md).
    """

    bound_field_class = ReplyBoundField
    roles = {}

    def __init__(self, *args, request=None, guide=None, with_tokens=True, **kwargs):
        self.request = request
        self.guide = guide
        self.spam_trap = ""
        super().__init__(*args, **kwargs)
        # A form posted back (errors) always carries its tokens; an empty one leaves them out
        # when the page may be cached, and static/js/reply-form.js fetches them instead.
        self.with_tokens = with_tokens or self.is_bound
        # The traps go last and are never shown to people (see the template).
        self.fields[HONEYPOT_FIELD] = forms.CharField(required=False, label="Leave this empty")
        self.fields[STARTED_FIELD] = forms.CharField(
            required=False,
            widget=forms.HiddenInput,
            initial=functools.partial(spam.started_token, self.form_page_id)
            if self.with_tokens
            else "",
        )
        for name, label in READER_OPTIONS.items():
            self.fields[name] = forms.BooleanField(required=False, label=label)
        self.reader_options = {}

    @property
    def form_page_id(self):
        return self.page.pk if self.page else None

    def editor_fields(self):
        """The bound fields the editor defined, in order (not the traps)."""
        return [field for field in self if field.name not in (*TRAP_FIELDS, *READER_OPTIONS)]

    def option_fields(self):
        """The reader's choices (a question for the team, an email when answered)."""
        return [self[name] for name in READER_OPTIONS]

    def clean(self):
        cleaned_data = super().clean()
        name_field = self.roles.get("name")
        if name_field and EMAIL_IN_TEXT.search(str(cleaned_data.get(name_field) or "")):
            # The name is published with the reply: never let an email address through it,
            # whether typed there by mistake or sent there by a changed field type.
            self.add_error(name_field, NAME_IS_EMAIL_MESSAGE)
        self.reader_options = {name: bool(cleaned_data.pop(name, False)) for name in READER_OPTIONS}
        # Any non-empty value of the honeypot, even beside an empty one, is a bot's.
        cleaned_data.pop(HONEYPOT_FIELD, "")
        posted = self.data.getlist(HONEYPOT_FIELD) if hasattr(self.data, "getlist") else []
        if any(value.strip() for value in posted):
            self.spam_trap = "honeypot"
        elapsed = spam.seconds_since_started(cleaned_data.pop(STARTED_FIELD, ""), self.form_page_id)
        if not self.spam_trap and (elapsed is None or elapsed < settings.REPLIES_MIN_FILL_SECONDS):
            self.spam_trap = "too_fast"
        return cleaned_data

    def role_value(self, role):
        """The cleaned text of the field playing ``role`` ("" when there is none)."""
        name = self.roles.get(role)
        value = self.cleaned_data.get(name) if name else ""
        return str(value or "").strip()


class MultilineField(forms.CharField):
    """Text from a textarea, its line breaks made LF before validation.

    Browsers post a textarea's line breaks as CRLF but count each as one character for
    ``maxlength``; so do our length limits, and replies are stored with plain LF.
    """

    widget = forms.Textarea

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class ReplyFormBuilder(FormBuilder):
    """Wagtail's form builder with clear messages and the limits of a comment form."""

    def get_field_options(self, field):
        options = super().get_field_options(field)
        label = field.label
        options["error_messages"] = {
            "required": f"Please fill in “{label}”.",
            "max_length": f"“{label}” can be at most %(limit_value)d characters "
            "(it has %(show_value)d).",
        }
        return options

    def create_multiline_field(self, field, options):
        return MultilineField(**options)

    @property
    def formfields(self):
        formfields = super().formfields
        for role, name in field_roles(self.fields).items():
            field = formfields[name]
            limit = MAX_LENGTHS[role]
            field.max_length = limit
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ] + [MaxLengthValidator(limit)]
            field.widget.attrs["maxlength"] = str(limit)
            if role in AUTOCOMPLETE:
                field.widget.attrs["autocomplete"] = AUTOCOMPLETE[role]
            if role == "comment":
                field.widget.attrs["rows"] = "8"
        return formfields

    def get_form_class(self):
        fields = dict(self.formfields)
        fields["roles"] = field_roles(self.fields)
        return type("ReplyFormFromFields", (ReplyForm,), fields)
