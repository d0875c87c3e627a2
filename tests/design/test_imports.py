"""The house's doors, read from the imports (function-level ones too): no circle, and the two
halves meet only where ARCHITECTURE.md says."""

from tests.design.imports import cycles, import_graph

GRAPH = import_graph()
CLI = "planlink.scripts.cli"


def test_the_graph_is_read_from_every_module():
    assert "planlink.api.views.error_pages" in GRAPH and "planlink.scripts.build" in GRAPH
    assert "planlink.api.store" in GRAPH["planlink.scripts.build"]


def test_no_import_circle_among_planlink_modules():
    assert cycles(GRAPH) == []


def test_the_circle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_at_most_one_module_of_scripts_besides_the_cli_imports_api():
    doors = sorted(module for module, imported in GRAPH.items()
                   if module.startswith("planlink.scripts.") and module != CLI
                   and any(name.startswith("planlink.api") for name in imported))
    assert doors == ["planlink.scripts.build"]  # the build's one door: api/store/write


def test_api_imports_nothing_from_scripts():
    arrows = sorted((module, name) for module, imported in GRAPH.items() if module.startswith("planlink.api")
                    for name in imported if name.startswith("planlink.scripts"))
    assert arrows == []
