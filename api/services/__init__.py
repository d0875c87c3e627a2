"""The questions the API answers, callable without HTTP: (store, arguments) → plain dicts.

Each function runs the `.rq` files of `api/queries/` through the store (local or remote, the
same interface) and shapes the rows into the JSON of the contract. No Flask here.

A list answer costs what its page costs, not what the graph holds: the ordered keys of a
collection (ids, plan, what the filters test; one light query, with a `plan=` filter pushed to the
engine) are kept in the store's per-build memo, the filters and the page are cut from them, and
only the page's entities are read in full, with their counterparts, peers and comparisons (a
`VALUES` block of their IRIs). The memo belongs to the store: a new build gives a new memo, and a
store that cannot tell its build (a remote endpoint without a build stamp) has none, so the same
code reads the keys for every call and gives the same answers.

The returned dicts may be shared between requests through the memo: callers must not modify them.

The rooms: common (queries, code lists, errors, the memo), plans, counterparts, sections,
indicators, measures, listings (projects, commitments, organisations, regions), lookup (search,
descriptions), pages (what the researchers' pages read), gaps (the gap reports the build stored).
"""

from planlink.api.services.common import (
    FIGURE_STATUS,
    NotFound,
    OUTCOMES,
    PL,
    Page,
    QUERIES,
    RELATIONS,
    SKOS,
    UnknownPlan,
    forget,
    per_build,
    uses_index,
)
from planlink.api.services.plans import check_plan, ontology_labels, plan, plan_levels, plans
from planlink.api.services.sections import sections, sections_page
from planlink.api.services.indicators import indicator, indicator_peers, indicators, indicators_page
from planlink.api.services.measures import measure, measures
from planlink.api.services.listings import (
    commitments,
    commitments_page,
    departments,
    departments_page,
    projects,
    projects_page,
    regions,
)
from planlink.api.services.lookup import describe, inbound, ontology, search
from planlink.api.services.pages import labels_en, linked_from, ontology_terms, source_document, source_spans, vocabulary
from planlink.api.services.page_facts import links_to, page_facts, section_linked_from
from planlink.api.services.gaps import NoGapReport, gap_reports, gaps, why_no_gaps

__all__ = [
    "NoGapReport",
    "gap_reports",
    "gaps",
    "why_no_gaps",
    "links_to",
    "page_facts",
    "FIGURE_STATUS",
    "NotFound",
    "OUTCOMES",
    "PL",
    "Page",
    "QUERIES",
    "RELATIONS",
    "SKOS",
    "UnknownPlan",
    "check_plan",
    "commitments",
    "commitments_page",
    "departments",
    "departments_page",
    "describe",
    "forget",
    "inbound",
    "indicator",
    "indicator_peers",
    "indicators",
    "indicators_page",
    "labels_en",
    "linked_from",
    "measure",
    "measures",
    "ontology",
    "ontology_labels",
    "ontology_terms",
    "per_build",
    "plan",
    "plan_levels",
    "plans",
    "projects",
    "projects_page",
    "regions",
    "search",
    "sections",
    "sections_page",
    "section_linked_from",
    "source_document",
    "source_spans",
    "uses_index",
    "vocabulary",
]
