"""The per-build memo the JSON lists are cut from: the same answers with it and without (a remote
endpoint without a build stamp), read again only for a new build, and a page reads only its own
entities. On the hand-written mini graph."""

from tests.api.test_resources import HOSTILE


class NoBuildId:
    """The store as a remote endpoint looks to the services: same answers, no build id."""

    build_id = None

    def __init__(self, store):
        self._store = store
        self.selects = 0
        self.queries = []  # (the .rq file's name, the bindings) of every query asked

    def select(self, query, bindings=None):
        from planlink.api.services import QUERIES

        self.selects += 1
        self.queries.append((next((name for name, text in QUERIES.items() if text == query), query), repr(bindings)))
        return self._store.select(query, bindings)


class Stamped(NoBuildId):
    """A store that tells its build (as a remote endpoint with a build stamp does), so it has a memo."""

    def __init__(self, store, build_id):
        super().__init__(store)
        self.build_id = build_id
        self._memo = None

    @property
    def memo(self):
        from planlink.api.store import BuildMemo

        if self._memo is None or self._memo.build_id != self.build_id:
            self._memo = BuildMemo(self.build_id)
        return self._memo


def test_index_and_no_index_give_the_same_answers(app):
    from planlink.api import services
    from planlink.api.store import get_store

    with app.app_context():
        store = get_store()
        remote_like = NoBuildId(store)
        calls = [("plans", {}), ("plan", {"plan_id": "jiangsu"}), ("sections", {}), ("sections", {"plan": "jiangsu"}),
                 ("indicators", {}), ("indicators", {"q": "社区"}), ("indicators", {"attribute": "binding"}),
                 ("indicators", {"indicator_id": "jiangsu-i7"}), ("projects", {}), ("commitments", {}),
                 ("departments", {}), ("regions", {})]
        calls += [("search", {"q": text}) for text in HOSTILE + ["社区工作者", "JIANGSU", "智慧", "x"]]
        for name, kwargs in calls:
            assert getattr(services, name)(store, **kwargs) == getattr(services, name)(remote_like, **kwargs), name


def test_index_is_rebuilt_when_the_build_id_changes(app):
    """The keys a list is cut from are read once per build: again for a new build, not for the same one."""
    from planlink.api import services
    from planlink.api.store import get_store

    with app.app_context():
        store = Stamped(get_store(), "one")
        services.indicators_page(store, plan="jiangsu", limit=5)
        services.indicators_page(store, plan="jiangsu", limit=5, offset=5)
        services.sections_page(store, limit=5)
        reads = [name for name, _ in store.queries]
        assert (reads.count("keys_indicators"), reads.count("keys_sections"), reads.count("plans")) == (1, 1, 1)
        store.build_id = "two"
        services.indicators_page(store, plan="jiangsu", limit=5)
        assert [name for name, _ in store.queries].count("keys_indicators") == 2


def test_a_page_reads_only_its_own_entities(app):
    """A page of 2 indicators asks for those 2 (a VALUES block of their IRIs), never the whole collection."""
    from planlink.api import services
    from planlink.api.store import get_store

    with app.app_context():
        store = Stamped(get_store(), "one")
        page = services.indicators_page(store, limit=2, offset=1)
        assert len(page.items) == 2 and page.total > 2  # read when first asked for
        detail = [bindings for name, bindings in store.queries if name == "indicators"]
        assert detail == [repr({"indicator": [item["iri"] for item in page.items]})]


