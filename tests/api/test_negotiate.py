"""choose(accept, offered, override): the one content-negotiation function."""

from planlink.api.negotiate import choose

OFFERED = ["text/turtle", "text/html", "application/ld+json", "application/n-triples"]


def test_missing_accept_gets_the_first_offered_type():
    assert choose(None, OFFERED) == "text/turtle"
    assert choose("", OFFERED) == "text/turtle"


def test_any_type_gets_the_first_offered_type():
    assert choose("*/*", OFFERED) == "text/turtle"


def test_browser_accept_gets_html():
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
    assert choose(accept, OFFERED) == "text/html"


def test_quality_values_decide():
    assert choose("text/turtle;q=0.4, application/ld+json;q=0.9", OFFERED) == "application/ld+json"


def test_wildcard_subtype_matches_offered_type():
    assert choose("application/*", OFFERED) == "application/ld+json"


def test_nothing_acceptable_is_none():
    assert choose("image/png", OFFERED) is None
    assert choose("text/turtle;q=0", OFFERED) is None


def test_override_wins_over_accept():
    assert choose("text/html", OFFERED, override="application/n-triples") == "application/n-triples"


def test_override_not_offered_is_none():
    assert choose("*/*", OFFERED, override="image/png") is None
