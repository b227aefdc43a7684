"""The reply form readers fill in: editor-defined fields plus anti-spam traps.

Wagtail's form builder makes a field per ``ReplyFormField``; this module adds
what a public comment form needs on top: WordPress's maximum lengths and
``autocomplete`` for the name, email and website fields, ``aria-required`` and
error ids for assistive technology, a honeypot field and a signed
"form started at" token for the minimum fill time.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import MaxLengthValidator
from django.forms.boundfield import BoundField

from wagtail.contrib.forms.forms import BaseForm, FormBuilder

HONEYPOT_FIELD = "homepage_url"
STARTED_FIELD = "form_started"
STARTED_SALT = "replies.form-started"

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


def field_roles(form_fields):
    """Map each role (name, email, website, comment) to the clean name of its field."""
    roles = {}
    for field in form_fields:
        role = ROLE_BY_TYPE.get(field.field_type)
        if role and role not in roles:
            roles[role] = field.clean_name or field.get_field_clean_name()
    return roles


def started_token(now=None):
    """A tamper-proof record of when the form was shown."""
    return signing.dumps(int(now if now is not None else time.time()), salt=STARTED_SALT)


def seconds_since_started(token):
    """Seconds since ``token`` was issued, or None when it is missing or forged."""
    try:
        started = signing.loads(token or "", salt=STARTED_SALT)
    except signing.BadSignature:
        return None
    return time.time() - started if isinstance(started, int) else None


class ReplyBoundField(BoundField):
    """Points ``aria-describedby`` at the field's error as well as its help text."""

    @property
    def aria_describedby(self):
        ids = []
        if self.errors:
            ids.append(f"{self.auto_id}_error")
        if self.help_text:
            ids.append(f"{self.auto_id}_helptext")
        return " ".join(ids) or None

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if attrs.get("required"):
            attrs["aria-required"] = "true"
        return attrs


class ReplyForm(BaseForm):
    """Base class of every reply form; the form builder adds the editor's fields."""

    bound_field_class = ReplyBoundField
    roles = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The traps go last and are never shown to people (see the template).
        self.fields[HONEYPOT_FIELD] = forms.CharField(required=False, label="Leave this empty")
        self.fields[STARTED_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=started_token
        )

    def editor_fields(self):
        """The bound fields the editor defined, in order (not the traps)."""
        return [f for f in self if f.name not in (HONEYPOT_FIELD, STARTED_FIELD)]

    def submitted_data(self):
        """The cleaned values of the editor's fields, as stored with the reply."""
        return {f.name: self.cleaned_data.get(f.name) for f in self.editor_fields()}

    def role_value(self, role):
        """The cleaned text of the field playing ``role`` ("" when there is none)."""
        name = self.roles.get(role)
        value = self.cleaned_data.get(name) if name else ""
        return str(value or "").strip()

    def trap_reason(self):
        """Why this post looks automated: "honeypot", "too_fast", or "" when it doesn't."""
        if self.cleaned_data.get(HONEYPOT_FIELD):
            return "honeypot"
        elapsed = seconds_since_started(self.data.get(STARTED_FIELD))
        if elapsed is None or elapsed < settings.REPLIES_MIN_FILL_SECONDS:
            return "too_fast"
        return ""


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
