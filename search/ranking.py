"""Ranking guides for a search from the search index alone, on PostgreSQL.

Wagtail's database search backend (modelsearch) ranks a model's rows joined to their index
entries: with every column of the model in the sort (a guide's whole body) and the joined
text vector in the result, a word that most guides contain costs 40–55 ms to rank and
20 ms to count at 5,000 guides, in a plan PostgreSQL chooses badly (whole tables read).
``ranked_guides`` asks the same question of the index entries alone, with the backend's own
query and rank expressions (so results and their order are the backend's), and reads the
guides of one page afterwards. At 5,000 guides a word they all contain costs 20–25 ms,
counted and paged in one statement (``slice_and_count``); a rare word, under 1 ms.

PostgreSQL prices joining two text vectors far below what it costs (about 3 µs an entry),
so it would rather read every entry, or every entry of the guides' content type, than find
the matches through the GIN index on ``title || body`` (search/migrations/0003): 20 ms
more. So the content type is compared as ``content_type_id + 0``, which no index serves;
statistics on that expression (search/migrations/0004) keep the estimate of the matches
right, so PostgreSQL reads the live guides once for a common word and looks a rare word's
few guides up by primary key (an entry's object id compared as a number). The statements
run in a transaction with whole-table scans off (``through_the_index``), without JIT
compilation (a plan priced as a disabled scan looks dear enough to compile: 0.4 s) or
parallel workers (which cost a busy server more than they save). tests/test_search.py checks
the results are the backend's own; tests/benchmarks/site_load.py measures the speed.

Anything else (SQLite in development, another backend, a fuzzy query) gets the backend's
own results.
"""

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, transaction
from django.db.models import F, IntegerField
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast

from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import MatchAll, Not


def ranked_guides(guides, words):
    """The guides of ``guides`` matching ``words``, best first: something Django's
    ``Paginator`` pages through (``count()`` and slices of guides)."""
    results = guides.search(words)
    compiler = getattr(results, "query_compiler", None)
    if type(compiler) is not PostgresSearchQueryCompiler or isinstance(
        compiler.query, (MatchAll, Not)
    ):
        return results
    return RankedGuides(guides, compiler, compiler.get_config(results.backend))


class RankedGuides:
    """See ``ranked_guides``. Index entries are matched and ranked exactly as the backend's
    ``PostgresSearchQueryCompiler.search`` does (``title || body`` matched, each vector
    ranked with the field weights, the title's rank times ``title_norm``), newest id first
    among equals."""

    def __init__(self, guides, compiler, config):
        self.guides = guides
        query = compiler.query
        tsquery = compiler.build_tsquery(query, config=config)
        rank = compiler.build_tsrank(F("title"), query, config=config) * F(
            "title_norm"
        ) + compiler.build_tsrank(F("body"), query, config=config)
        self.entries = (
            IndexEntry.objects.alias(
                # Aliases, not annotations: matched, never selected. ``content_type + 0``
                # is the content type that no index serves, so that the entries are found
                # through the text vector index (the module's docstring). The guide's id is
                # compared as a number (a guide's entry always holds one), so a rare word's
                # few guides are looked up by their primary key.
                _type_=F("content_type_id") + 0,
                _vector_=CombinedExpression(
                    F("title"), "||", F("body"), output_field=SearchVectorField()
                ),
                entry_guide=Cast("object_id", IntegerField()),
            )
            .filter(_type_=ContentType.objects.get_for_model(guides.model).pk)
            .filter(_vector_=tsquery)
            .filter(entry_guide__in=guides.values("pk"))
        )
        self.ranked = self.entries.annotate(rank=rank, guide_id=F("entry_guide")).order_by(
            "-rank", "-guide_id"
        )

    def count(self):
        with through_the_index():
            return self.entries.count()

    def __getitem__(self, index):
        """The guides of a slice of the results (what ``Paginator`` asks for)."""
        with through_the_index():
            ids = list(self.ranked.values_list("guide_id", flat=True)[index])
        return self._guides(ids)

    def slice_and_count(self, start, stop):
        """The guides of ``[start:stop]`` and how many match in all, in one statement: each
        match's id and rank kept once (a materialised ``WITH``), then counted and the best
        ones picked; ``([], None)`` when the slice is past the end."""
        matches, params = self.ranked.order_by().values("guide_id", "rank").query.sql_with_params()
        with through_the_index() as cursor:
            cursor.execute(
                f"WITH matches AS MATERIALIZED ({matches}) "  # noqa: S608 (the ORM's SQL)
                "SELECT guide_id, (SELECT count(*) FROM matches) FROM matches "
                "ORDER BY rank DESC, guide_id DESC LIMIT %s OFFSET %s",
                (*params, stop - start, start),
            )
            rows = cursor.fetchall()
        if not rows:
            return [], None
        return self._guides([guide_id for guide_id, _ in rows]), rows[0][1]

    def _guides(self, ids):
        found = self.guides.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


@contextmanager
def through_the_index():
    """The queries inside run in a transaction in which PostgreSQL scans no whole table
    where an index can serve (see the module's docstring)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true),"
            # Priced as a disabled scan, a plan can look dear enough to compile (JIT): 0.4 s.
            " set_config('jit', 'off', true),"
            # A second process for 20 ms of work only costs more on a busy server.
            " set_config('max_parallel_workers_per_gather', '0', true)"
        )
        yield cursor
