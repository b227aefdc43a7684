"""Scripts that print speed and fault figures (`make bench`); never collected as tests."""

from contextlib import contextmanager


@contextmanager
def throwaway_database():
    """A migrated database of the benchmark's own, dropped afterwards: in memory on SQLite,
    ``bench_<name>`` on PostgreSQL. The kept test database of `make test-fast` is left alone."""
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    name = None if connection.vendor == "sqlite" else f"bench_{connection.settings_dict['NAME']}"
    connection.settings_dict["TEST"] = {**connection.settings_dict.get("TEST", {}), "NAME": name}
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def answers(url, tries=200, pause=0.1):
    """Whether ``url`` answers 2xx within ``tries`` attempts (a server starting up)."""
    import time

    import requests

    for _ in range(tries):
        try:
            requests.get(url, timeout=5).raise_for_status()
            return True
        except requests.RequestException:
            time.sleep(pause)
    return False
