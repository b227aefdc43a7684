"""``manage.py import_guide PATH``: make or update a guide from an article (.txt, .md, .html
or .docx, by extension), with the parser behind the admin's "Import an article"."""

from django.core.management.base import BaseCommand, CommandError

from guides.importer import GuideImportError, guide_index_at, read_guide_file, save_guide
from guides.management import add_import_arguments


class Command(BaseCommand):
    help = (
        "Import an article (.txt, .md, .html or .docx: a title, an intro, then numbered "
        "headings such as '1. Heading') as a guide. Importing the same file again updates "
        "the same guide."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The article: a .txt, .md, .html or .docx file.")
        add_import_arguments(parser, "Publish the guide (default: save a draft).")
        parser.add_argument(
            "--author", default="Editorial team", help="Author name for a new guide."
        )

    def handle(self, *args, **options):
        try:
            parsed = read_guide_file(options["path"])
            parent = guide_index_at(options["parent"])
            page, created = save_guide(
                parsed, parent, author_name=options["author"], publish=options["publish"]
            )
        except GuideImportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{'Created' if created else 'Updated'} guide “{page.title}” with "
            f"{len(parsed.benefits)} benefits at {page.url_path} "
            f"({'published' if options['publish'] else 'saved as a draft'})."
        )
