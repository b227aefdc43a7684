"""``manage.py import_guide PATH``: make or update a guide from an article (.txt, .md, .html
or .docx, by extension), with the parser behind the admin's "Import an article"."""

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site

from guides.importer import GuideImportError, read_guide_file, save_guide
from guides.models import GuideIndexPage


class Command(BaseCommand):
    help = (
        "Import an article (.txt, .md, .html or .docx: a title, an intro, then numbered "
        "headings such as '1. Heading') as a guide. Importing the same file again updates "
        "the same guide."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The article: a .txt, .md, .html or .docx file.")
        parser.add_argument(
            "--parent",
            help="URL path of the guide index to import into, e.g. /guides/ "
            "(default: the site's first guide index).",
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish the guide (default: save a draft)."
        )
        parser.add_argument(
            "--author", default="Editorial team", help="Author name for a new guide."
        )

    def handle(self, *args, **options):
        try:
            parsed = read_guide_file(options["path"])
        except GuideImportError as error:
            raise CommandError(str(error)) from error
        parent = self.find_parent(options["parent"])
        try:
            page, created = save_guide(
                parsed, parent, author_name=options["author"], publish=options["publish"]
            )
        except GuideImportError as error:
            raise CommandError(f"{options['path']}: {error}") from error
        self.stdout.write(
            f"{'Created' if created else 'Updated'} guide “{page.title}” with "
            f"{len(parsed.benefits)} benefits at {page.url_path} "
            f"({'published' if options['publish'] else 'saved as a draft'})."
        )

    def find_parent(self, url_path):
        if not url_path:
            parent = GuideIndexPage.objects.first()
            if parent is None:
                raise CommandError("there is no guide index page to import into; create one first")
            return parent
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("there is no default site to resolve --parent against")
        page = site.root_page
        for slug in [part for part in url_path.split("/") if part]:
            page = page.get_children().filter(slug=slug).first()
            if page is None:
                raise CommandError(f"no page at {url_path}")
        page = page.specific
        if not isinstance(page, GuideIndexPage):
            raise CommandError(
                f"{url_path} is not a guide index page; guides can only go under one"
            )
        return page
