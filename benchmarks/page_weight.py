"""Public pages: server time (median and p95 over N requests) and what a first visit transfers, gzipped.

    python benchmarks/page_weight.py [--requests N]

A first visit is the page and every static asset it references, compressed as whitenoise serves them;
a worker on a slow, paid mobile connection pays for each byte. The limit the tests hold is 60 KB.
"""

import argparse
import gzip
import logging
import re
import statistics
import time
import warnings

from _setup import django_with_database, percentile

ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
PAGES = [
    ("home", "/", "en"),
    ("home (Arabic)", "/", "ar"),
    ("home (Nepali)", "/", "ne"),
    ("sign in", "/accounts/sign-in/", "en"),
    ("page not found", "/no-such-page/", "en"),
    ("API: node", "/api/v1/node", "en"),
    ("API: countries", "/api/v1/reference/countries", "en"),
    ("well-known node document", "/.well-known/corridor-node.json", "en"),
]
LIMIT = 60 * 1024


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: static files come from the finders here
    teardown = django_with_database()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # a 404 page is measured on purpose
    try:
        from django.contrib.staticfiles import finders
        from django.db import connection
        from django.test import Client
        from tests.catalogues import ensure_compiled

        ensure_compiled()
        print(f"Database: {connection.vendor}; {args.requests} requests per page after one warm-up.")
        print(f"{'page':<28} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'html KB':>8} {'first visit KB (gzip)':>22}")
        for name, url, language in PAGES:
            client = Client(HTTP_ACCEPT_ENCODING="gzip")
            client.cookies["django_language"] = language
            response = client.get(url)
            times = []
            for _ in range(args.requests):
                start = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            body = response.content
            total = len(gzip.compress(body, 9))
            for asset in sorted(set(ASSET.findall(body.decode(errors="replace")))):
                path = finders.find(asset.removeprefix("/static/"))
                if path:
                    with open(path, "rb") as handle:
                        total += len(gzip.compress(handle.read(), 9))
            flag = "" if total < LIMIT else "  OVER 60 KB"
            print(f"{name:<28} {response.status_code:>6} {statistics.median(times):>10.1f} {percentile(times, 0.95):>8.1f} "
                  f"{len(body) / 1024:>8.1f} {total / 1024:>22.1f}{flag}")
    finally:
        teardown()


if __name__ == "__main__":
    main()
