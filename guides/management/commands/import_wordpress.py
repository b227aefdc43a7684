"""``manage.py import_wordpress EXPORT.xml``: move a WordPress blog's posts, comments and
permalinks into guides, replies and redirects (see docs/importing-guides.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from guides.importer import GuideImportError, guide_index_at
from guides.management import add_import_arguments
from guides.wordpress import import_posts, read_export


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR): each post becomes a guide (drafts stay drafts), its "
        "comments replies, its old permalink a redirect. Running it again updates the same "
        "guides. A bad file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The WordPress export file (Tools → Export).")
        add_import_arguments(
            parser, "Publish the guides of published posts (default: every guide is a draft)."
        )
        parser.add_argument(
            "--media-dir",
            help="The wp-content/uploads folder copied from the old site: pictures in posts "
            "are taken from it (nothing is downloaded).",
        )

    def handle(self, *args, **options):
        path = Path(options["export"])
        media_dir = options["media_dir"]
        try:
            if not path.is_file():
                raise GuideImportError("no such file")
            if media_dir and not Path(media_dir).is_dir():
                raise GuideImportError(f"--media-dir {media_dir} is not a folder")
            limit = settings.GUIDES_WORDPRESS_MAX_BYTES
            if path.stat().st_size > limit:  # refused before it is read
                raise GuideImportError(f"the file is larger than {limit:,} bytes")
            export = read_export(path.read_bytes())
            with transaction.atomic():
                parent = guide_index_at(options["parent"])
                report = import_posts(
                    export, parent, publish=options["publish"], media_dir=media_dir
                )
        except GuideImportError as error:
            raise CommandError(f"{path}: {error}") from error
        for note in report.notes:
            self.stdout.write(f"  {note}")
        skipped = ", ".join(f"{n} {kind}" for kind, n in sorted(export.skipped.items()))
        self.stdout.write(
            f"Imported {len(export.posts)} posts from {path.name}: {report.created} new and "
            f"{report.updated} updated guides ({report.published} published, {report.drafts} "
            f"draft{'' if report.drafts == 1 else 's'}), {report.replies} new replies, {report.redirects} redirects"
            + (f"; skipped {skipped}" if skipped else "")
            + (
                f"; {report.skipped_comments} pingback(s)/trackback(s) left out"
                if report.skipped_comments
                else ""
            )
            + "."
        )
