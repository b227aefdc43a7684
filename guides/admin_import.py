"""“Import an article” in the admin: paste or upload an article, see what was found, and get
a draft guide under the chosen guide index.

Open to anyone who may add guides under at least one guide index (Editors, Moderators);
the guide index list holds only those. The article waits in the user's session between
the preview and the confirmation, so nothing is stored until the editor confirms.
"""

import base64

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .importer import GuideImportError, ImportedFigure, format_for, parse_article, save_guide
from .models import GuideIndexPage, GuidePage

SESSION_KEY = "guides_article_import"
URL_NAME = "guides_import_article"


def guide_indexes_for(user):
    """The guide indexes ``user`` may add guides under."""
    return GuideIndexPage.objects.filter(
        pk__in=[
            index.pk
            for index in GuideIndexPage.objects.all()
            if GuidePage.can_create_at(index) and index.permissions_for_user(user).can_add_subpage()
        ]
    ).order_by("path")


class ImportArticleForm(forms.Form):
    article = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="A Word document (.docx), Markdown (.md), text (.txt) or web page (.html), "
        "at most {size}.",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.md,.markdown,.txt,.html,.htm"}),
    )
    text = forms.CharField(
        label="Or paste the article",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Title on the first line, then the intro, then headings such as “1. Reduces "
        "scarring” or “Step 1: Cleanse”, each followed by its text. **bold**, *italic* and "
        "[a link](https://example.com) are kept.",
    )
    parent = forms.ModelChoiceField(
        label="Guide index",
        queryset=GuideIndexPage.objects.none(),
        empty_label=None,
        help_text="Where the new guide goes.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = guide_indexes_for(user)
        limit = settings.GUIDES_IMPORT_MAX_BYTES
        self.fields["article"].help_text = self.fields["article"].help_text.format(
            size=f"{limit / 1024 / 1024:.0f} MB" if limit >= 1024 * 1024 else f"{limit:,} bytes"
        )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("article"), cleaned.get("text", "").strip()
        if bool(upload) == bool(text):
            raise forms.ValidationError("Upload a file or paste the article (one of the two).")
        limit = settings.GUIDES_IMPORT_MAX_BYTES
        name = upload.name if upload else "The pasted text"
        try:
            if upload:
                fmt = format_for(upload.name)
                if upload.size > limit:  # refused before it is read
                    raise GuideImportError(
                        f"the file is larger than {limit:,} bytes; an article is far smaller"
                    )
                data = upload.read()
            else:
                fmt, data = "text", text.encode()
            cleaned["article_found"] = parse_article(data, fmt)
        except GuideImportError as error:
            raise forms.ValidationError(f"{name}: {error}") from error
        cleaned["source"] = {
            "format": fmt,
            "name": name,
            "data": base64.b64encode(data).decode(),
        }
        return cleaned


class ConfirmImportForm(forms.Form):
    parent = forms.ModelChoiceField(
        label="Guide index", queryset=GuideIndexPage.objects.none(), empty_label=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = guide_indexes_for(user)


class ImportArticleView(WagtailAdminTemplateMixin, FormView):
    """Step 1: the form. Step 2 (a valid post): the preview with the confirm button.
    Step 3 (``confirm``): the draft guide is made and its edit view opens."""

    template_name = "guides/admin/import_article.html"
    page_title = "Import an article"
    header_icon = "doc-full-inverse"
    form_class = ImportArticleForm

    def dispatch(self, request, *args, **kwargs):
        self.indexes = guide_indexes_for(request.user)
        if not self.indexes:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "user": self.request.user}
        parent = self.request.GET.get("parent", "")
        if parent.isdigit() and self.indexes.filter(pk=parent).exists():
            kwargs["initial"] = {"parent": int(parent)}
        return kwargs

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self.confirm()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        self.request.session[SESSION_KEY] = form.cleaned_data["source"]
        article = form.cleaned_data["article_found"]
        confirm = ConfirmImportForm(
            user=self.request.user, initial={"parent": form.cleaned_data["parent"]}
        )
        return self.render_to_response(self.get_context_data(article=article, confirm=confirm))

    def confirm(self):
        source = self.request.session.get(SESSION_KEY)
        form = ConfirmImportForm(self.request.POST, user=self.request.user)
        if not source:
            messages.error(self.request, "The article to import was lost: choose it again.")
            return redirect(URL_NAME)
        if not form.is_valid():  # a guide index this user may not add to: as if it were absent
            messages.error(self.request, "Choose a guide index you may add guides to.")
            return redirect(URL_NAME)
        try:
            article = parse_article(base64.b64decode(source["data"]), source["format"])
        except GuideImportError as error:  # the settings changed in between
            messages.error(self.request, f"{source['name']}: {error}")
            return redirect(URL_NAME)
        from wagtail.images import get_image_model
        from wagtail.permissions import policy_registry

        user = self.request.user
        image_policy = policy_registry.get_by_type(get_image_model())
        if article.images and not image_policy.user_has_permission(user, "add"):
            article.dropped.append(
                f"{len(article.images)} picture(s): you may not add images to the library"
            )
            article.sections = [s for s in article.sections if not isinstance(s, ImportedFigure)]
            for benefit in article.benefits:
                benefit.images = []
        page, _ = save_guide(
            article,
            form.cleaned_data["parent"],
            author_name=user.get_full_name() or "Editorial team",
            publish=False,
            user=user,
            new=True,
        )
        del self.request.session[SESSION_KEY]
        messages.success(
            self.request,
            f"Draft guide “{page.title}” made with {len(article.benefits)} benefits. "
            "Check it, then publish it.",
        )
        missing_alt = sum(1 for image in article.images if not image.alt)
        if missing_alt:
            messages.warning(
                self.request,
                f"{missing_alt} picture(s) have no alt text: describe them (or mark them "
                "decorative) before publishing.",
            )
        return redirect("wagtailadmin_pages:edit", page.pk)


def import_url(parent=None):
    url = reverse(URL_NAME)
    return f"{url}?parent={parent.pk}" if parent else url
