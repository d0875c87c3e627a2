"""The review site (`planlink curate`) over the real build, for the tests of tests/link: a copy of
the crosswalk and the labels per test, the site's app and a signed-in client."""

import csv
import shutil
from pathlib import Path

import pytest

from planlink.scripts.errors import PlanlinkError
from planlink.scripts.link import review

LINKS = Path(__file__).resolve().parents[2] / "graph_data" / "links"
PORT = 5099
HOST = {"Host": f"127.0.0.1:{PORT}"}
ORIGIN = {**HOST, "Origin": f"http://127.0.0.1:{PORT}"}


@pytest.fixture
def files(tmp_path):
    for name in ("curated.csv", "translations.csv"):
        shutil.copy(LINKS / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def make_site(built_store, files, sources_dir):
    """make_site(limit=None) → (app, config): the review over the real build, writing to `files`."""
    from planlink.api.curate import ReviewConfig, create_review_app
    from planlink.scripts.publish import MAPPING_SET, dumps_dir

    apps = []

    def make(limit=None):
        curated, translations = files / "curated.csv", files / "translations.csv"
        config = ReviewConfig(
            store=built_store, mapping_set=dumps_dir(built_store) / MAPPING_SET, curated=curated,
            translations=translations, curator="Li Wei", port=PORT, sources=sources_dir, refusals=(PlanlinkError,),
            limit=limit,
            record_link=lambda *a, **k: review.record_link_decision(*a, **k, path=curated),
            record_label=lambda *a, **k: review.record_translation_verdict(*a, **k, path=translations),
            record_counterparts=lambda *a, **k: review.record_counterparts(*a, **k, path=curated))
        apps.append(create_review_app(config))
        return apps[-1], config

    yield make
    for app in apps:
        app.extensions["review"].store.close()


@pytest.fixture
def site(make_site):
    return make_site()


def signed_in(app, config):
    client = app.test_client()
    assert client.get(f"/?token={config.token}", headers=HOST).status_code == 302
    return client


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
