"""The figures docs/publishing.md, docs/sdmx.md and docs/figures.md give about the data, measured on a build and
written into each page between its `<!-- figures:NAME -->` and `<!-- /figures:NAME -->` markers.

    .venv/bin/python docs/figures.py [--store graph_data/build/store]

Everything is asked of the server's own answers over the store (VoID, the JSON API, the catalog,
SDMX), as a user would see it; the dump sizes are the files the build wrote beside the store.
tests/api/test_doc_figures.py builds the shipped plans afresh and fails when a page's figures are not
the ones this writes: a change that moves a count reruns this and commits the pages.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = {"publishing": ROOT / "docs" / "publishing.md", "sdmx": ROOT / "docs" / "sdmx.md",
         "figures": ROOT / "docs" / "figures.md"}
STATUS_BY_PLAN = ("SELECT ?plan (COUNT(?s) AS ?n) WHERE { ?s a pl:StatusFigure ; pl:inPlan/dcterms:identifier ?plan } "
                  "GROUP BY ?plan ORDER BY ?plan")
COLLECTIONS = ["plans", "sections", "indicators", "measures", "projects", "commitments", "departments", "regions",
               "gaps"]
DUMPS = ["planlink.nq.gz", "planlink.ttl.gz", "planlink.jsonld.gz", "planlink.sssom.tsv"]


def measure(store: Path) -> dict:
    """Every figure, from the app's answers over the build at `store`."""
    from rdflib import RDF, Graph, Namespace
    from rdflib.namespace import VOID

    from planlink.api import create_app
    from planlink.api.store import close_store

    dcat = Namespace("http://www.w3.org/ns/dcat#")  # DCAT 3 (rdflib's DCAT is 2: no versions)
    app = create_app({"TESTING": True, "PLANLINK_STORE": str(store)})
    client = app.test_client()
    try:
        void = Graph().parse(data=client.get("/.well-known/void", headers={"Accept": "text/turtle"}).data,
                             format="turtle")
        dataset = next(void.subjects(RDF.type, VOID.Dataset))
        catalog = Graph().parse(data=client.get("/", headers={"Accept": "text/turtle"}).data, format="turtle")
        figures = {
            "void": {name: int(void.value(dataset, getattr(VOID, name))) for name in
                     ("triples", "entities", "distinctSubjects", "distinctObjects", "properties", "classes")},
            "partitions": (len(set(void.objects(dataset, VOID.classPartition))),
                           len(set(void.objects(dataset, VOID.propertyPartition)))),
            "dumps": {name: (Path(store).resolve().parent / "dumps" / name).stat().st_size for name in DUMPS},
            "rows": {name: client.get(f"/api/v1/{name}?limit=1").json["total"] for name in COLLECTIONS},
            # the tables, their distributions and the whole graph's (the releases' depend on the server's history)
            "catalog": (len(tables := set(catalog.objects(predicate=dcat.dataset))),
                        len({d for owner in (*tables, *catalog.subjects(RDF.type, dcat.Catalog))
                             for d in catalog.objects(owner, dcat.distribution)}),
                        len(set(catalog.subjects(RDF.type, dcat.DataService)))),
            "sdmx": sdmx_figures(client),
            "meanings": meaning_figures(client),
        }
    finally:
        close_store(app)
    return figures


def sdmx_figures(client) -> dict:
    """Observations per plan, and the codelists with their codes, from the SDMX answers."""
    structures = client.get("/sdmx/structure/PLANLINK/all/latest",
                            headers={"Accept": "application/vnd.sdmx.structure+json;version=2.0.0"}).json["data"]
    rows = client.get("/sdmx/data/INDICATOR_TARGETS", headers={"Accept": "application/vnd.sdmx.data+csv;version=1.0.0"})
    lines = rows.data.decode("utf-8").splitlines()
    header = lines[0].split(",")
    plans: dict[str, set] = {}
    observations: dict[str, int] = {}
    for line in lines[1:]:
        cells = dict(zip(header, line.split(",")))
        plans.setdefault(cells["PLAN"], set()).add(cells["INDICATOR"])
        observations[cells["PLAN"]] = observations.get(cells["PLAN"], 0) + 1
    units = next(c for c in structures["codelists"] if c["id"] == "CL_UNIT")["codes"]
    return {"observations": {plan: (len(plans[plan]), observations[plan]) for plan in sorted(plans)},
            "codelists": {c["id"]: len(c["codes"]) for c in structures["codelists"]},
            "concept_schemes": {c["id"]: len(c["concepts"]) for c in structures["conceptSchemes"]},
            "units": [(code["id"], code["names"].get("zh"), code["names"].get("en"),
                       next(a["title"] for a in code["annotations"] if a["type"] == "UCUM")) for code in units]}


def meaning_figures(client) -> dict:
    """Status figures per plan (SPARQL), and the commitments: all, additions, hedged (the JSON API)."""
    status = client.get("/sparql", query_string={"query": STATUS_BY_PLAN},
                        headers={"Accept": "application/sparql-results+json"}).json["results"]["bindings"]
    commitments = client.get("/api/v1/commitments?limit=500").json["items"]
    return {"status": {row["plan"]["value"]: int(row["n"]["value"]) for row in status},
            "commitments": len(commitments),
            "additions": sum(c.get("kind") == "addition" for c in commitments),
            "hedged": sum(bool(c.get("hedge")) for c in commitments)}


def n(value: int) -> str:
    return f"{value:,}"


def kilobytes(size: int) -> str:
    return f"{round(size / 1000):,} kB"


def blocks(figures: dict) -> dict[str, str]:
    """The markdown each page gets between its markers."""
    void, (classes, properties) = figures["void"], figures["partitions"]
    datasets, distributions, services = figures["catalog"]
    publishing = [
        "| figure | value |", "| --- | --- |",
        f"| triples in the store (VoID `void:triples`, the store's `COUNT(*)`) | {n(void['triples'])} |",
        f"| entities (`void:entities`: IRIs under the base) | {n(void['entities'])} |",
        f"| distinct subjects / objects | {n(void['distinctSubjects'])} / {n(void['distinctObjects'])} |",
        f"| VoID class partitions / property partitions | {classes} / {properties} |",
        *(f"| dump `{name}`{' (gzipped)' if name.endswith('.gz') else ''} | {kilobytes(size)} ({n(size)} bytes) |"
          for name, size in figures["dumps"].items()),
        *(f"| rows of `/api/v1/{name}` (JSON `total`, and the rows of its CSV) | {n(total)} |"
          for name, total in figures["rows"].items()),
        f"| in the catalog: indicator tables / their and the whole graph's distributions / data services | "
        f"{datasets} / {distributions} / {services} |",
    ]
    sdmx = figures["sdmx"]
    sdmx_lines = [
        "| plan | measures | observations (status figures, baselines and targets) |", "| --- | --- | --- |",
        *(f"| {plan} | {rows} | {count} |" for plan, (rows, count) in sdmx["observations"].items()),
        f"| all | {sum(r for r, _ in sdmx['observations'].values())} | "
        f"{sum(c for _, c in sdmx['observations'].values())} |",
        "",
        "| codelist or concept scheme | codes or concepts |", "| --- | --- |",
        *(f"| `{name}` | {count} |" for name, count in {**sdmx["codelists"], **sdmx["concept_schemes"]}.items()),
        "",
        "| unit code | 中文 | English | UCUM |", "| --- | --- | --- | --- |",
        *(f"| `{code}` | {zh} | {en} | `{ucum}` |" for code, zh, en, ucum in sdmx["units"]),
    ]
    meanings = figures["meanings"]
    names = {"national": "national", "jiangsu": "Jiangsu", "shanghai": "Shanghai"}
    meaning_lines = [
        "| in the shipped plans | count |", "| --- | --- |",
        f"| status figures | {sum(meanings['status'].values())} "
        f"({', '.join(f'{names.get(plan, plan)} {count}' for plan, count in meanings['status'].items())}) |",
        f"| commitments | {meanings['commitments']} |",
        f"| of them additions over the period | {meanings['additions']} |",
        f"| of them hedged (一般, 原则上, 力争) | {meanings['hedged']} |",
    ]
    return {"publishing": "\n".join(publishing), "sdmx": "\n".join(sdmx_lines), "figures": "\n".join(meaning_lines)}


def marked(text: str, name: str) -> re.Match:
    found = re.search(rf"(<!-- figures:{name} -->\n)(.*?)(<!-- /figures:{name} -->)", text, re.DOTALL)
    if found is None:
        raise SystemExit(f"no <!-- figures:{name} --> … <!-- /figures:{name} --> markers")
    return found


def current(name: str) -> str:
    """The figures the page shows now, between its markers."""
    return marked(PAGES[name].read_text(encoding="utf-8"), name).group(2).strip("\n")


def write(figures: dict) -> None:
    for name, block in blocks(figures).items():
        text = PAGES[name].read_text(encoding="utf-8")
        found = marked(text, name)
        PAGES[name].write_text(text[:found.start(2)] + block + "\n" + text[found.end(2):], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=ROOT / "graph_data" / "build" / "store")
    write(measure(parser.parse_args().store))


if __name__ == "__main__":
    main()
