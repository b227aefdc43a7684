"""The guides app's commands; ``add_import_arguments`` is what the import commands share."""


def add_import_arguments(parser, publish_help):
    parser.add_argument(
        "--parent",
        help="URL path of the guide index to import into, e.g. /guides/ "
        "(default: the site's first guide index).",
    )
    parser.add_argument("--publish", action="store_true", help=publish_help)
