"""marshmallow schemas: the query arguments (validated, 400 when wrong) and the JSON answers
(which are also the OpenAPI documentation)."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate


class Args(Schema):
    class Meta:
        unknown = RAISE


class PageArgs(Args):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500),
                           metadata={"description": "items per page, 1..500"})
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0),
                            metadata={"description": "items to skip, ≥ 0"})
    format = fields.String(validate=validate.OneOf(["json", "csv"]), metadata={
        "description": "csv: the page as CSV (UTF-8, header row; as `Accept: text/csv`); every row as one file is "
                       "/api/v1/{collection}.csv, described by /api/v1/{collection}.csv-metadata.json (CSVW)"})
    bom = fields.Boolean(load_default=False, metadata={
        "description": "true: the CSV for spreadsheets, after a UTF-8 byte-order mark (Excel on a Chinese Windows "
                       "reads a CSV without one as GBK), as a file to save; false (default): plain UTF-8 for "
                       "programs and CSVW readers"})


class PlanFilterArgs(PageArgs):
    plan = fields.String(metadata={"description": "a plan id: national, shanghai, jiangsu, …; an empty or unknown "
                                                  "id is a 400 (it never means every plan: leave `plan` out)",
                                   "minLength": 1})


class IndicatorArgs(PlanFilterArgs):
    attribute = fields.String(validate=validate.OneOf(["binding", "expected"]),
                              metadata={"description": "binding (约束性) or expected (预期性)"})
    q = fields.String(validate=validate.Length(min=1, max=200),
                      metadata={"description": "a substring of the indicator name"})


class SearchArgs(PageArgs):
    q = fields.String(required=True, validate=validate.Length(min=1, max=200),
                      metadata={"description": "text to find in titles, texts, labels and definitions"})


# ---------------------------------------------------------------- answers

PEERS_IN_LIST = 5  # an indicator in a list carries its first peers, their total and the full list's path

Number = fields.Raw(allow_none=True, metadata={"type": "number", "nullable": True})


class Entity(Schema):
    id = fields.String(required=True)
    iri = fields.String(required=True, metadata={"format": "uri"})


class Comparison(Schema):
    outcome = fields.String(metadata={"enum": ["stricter", "equal", "looser", "not_comparable"],
                                      "description": "this target compared with the other one"})
    explanation = fields.String(allow_none=True, metadata={"example": "≥18人 (2025) = ≥18人 (2025)"})


class NationalFigure(Entity):
    text = fields.String(allow_none=True, metadata={"description": "the clause that states the figure"})
    value = Number
    unit = fields.String(allow_none=True)
    comparator = fields.String(allow_none=True, metadata={"enum": [">=", ">", "=", "<=", "<"]})
    comparator_printed = fields.Boolean(metadata={
        "description": "whether the text prints the comparator (≥18人: true); false for a bare number (90%, 3万人), "
                       "whose comparator is '=' by the contract and which the graph states with no pl:comparator; "
                       "the comparisons read a bare target as a floor"})
    year = fields.Integer(allow_none=True)
    status = fields.String(allow_none=True, metadata={
        "enum": ["reported", "required"],
        "description": "reported: a status the national text reports; required: a figure it requires"})
    sentence = fields.String(allow_none=True, metadata={"description": "the whole national sentence"})
    section = fields.String(allow_none=True, metadata={"description": "id of the national section stating it"})


class FigureComparison(NationalFigure):
    comparison = fields.Nested(Comparison, allow_none=True)


class Counterpart(Entity):
    title = fields.String(allow_none=True)
    plan = fields.String(allow_none=True, metadata={"example": "national"})
    relation = fields.String(metadata={"enum": ["exact", "close", "broader", "related"]})
    score = fields.Raw(allow_none=True, metadata={"type": "number", "minimum": 0, "maximum": 1})
    method = fields.String(allow_none=True, metadata={"enum": ["auto", "curated"]})
    evidence = fields.String(allow_none=True, metadata={"description": "the national sentence(s) behind the link"})
    candidate = fields.Boolean(metadata={
        "description": "true for a candidate: a further automatic link the build does not assert (no SKOS match); "
                       "it implements nothing in the gap report"})
    implements_because = fields.String(allow_none=True, metadata={
        "enum": ["best", "curated", "further", "restates", "siblings", None],
        "description": "why the link implements its national section (null for a candidate): the best counterpart, "
                       "a curated link, a further link scoring 0.3 or more, a restatement of one of its clauses, or "
                       "the match of its siblings"})
    reviewer = fields.String(allow_none=True, metadata={"description": "curated links: who decided (a name or an ORCID iD)"})
    note = fields.String(allow_none=True, metadata={"description": "curated links: the reviewer's reason"})
    date = fields.String(allow_none=True, metadata={"format": "date", "description": "curated links: when it was decided"})
    restated_clause = fields.String(metadata={
        "description": "restatements only: the clause of the national section (said by no other) that the item restates"})
    restating_sentence = fields.String(metadata={
        "description": "with restated_clause: the provincial item's sentence that says it"})
    national_figure = fields.Nested(NationalFigure, metadata={
        "description": "indicators only, where the link carries one: the national figure the target is compared with"})
    comparison = fields.Nested(Comparison, metadata={
        "description": "with national_figure: how the target compares with it"})


class Linked(Entity):
    national_counterparts = fields.List(fields.Nested(Counterpart), metadata={"description": "best first"})
    no_counterpart_reason = fields.String(metadata={"description": "present when national_counterparts is empty"})


class Baseline(Schema):
    year = fields.Integer(allow_none=True)
    value = Number
    comparator = fields.String(allow_none=True, metadata={
        "enum": [">=", ">", "=", "<=", "<"], "description": "as in the extract JSON: '=' for a bare number"})
    text = fields.String(allow_none=True)
    comparator_printed = fields.Boolean(metadata={
        "description": "whether the text prints the comparator (≥18人: true); false for a bare number (90%, 3万人), "
                       "whose comparator is '=' by the contract and which the graph states with no pl:comparator; "
                       "the comparisons read a bare target as a floor"})


class Target(Baseline):
    pass


class Plan(Entity):
    title = fields.String(allow_none=True)
    level = fields.String(allow_none=True, metadata={"enum": ["national", "provincial", "municipal"]})
    region = fields.String(allow_none=True)
    doc_number = fields.String(allow_none=True)
    issuers = fields.List(fields.String())
    issued = fields.String(allow_none=True, metadata={"format": "date"})
    based_on = fields.String(allow_none=True, metadata={"description": "id of the plan it implements"})


class OutlineNode(Entity):
    number = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    level = fields.Integer()
    children = fields.List(fields.Nested(lambda: OutlineNode()))


class PlanWithOutline(Plan):
    outline = fields.List(fields.Nested(OutlineNode))


class Lead(Schema):
    kind = fields.String(metadata={"description": "department kind id, e.g. civil-affairs"})
    kind_label = fields.String(allow_none=True)
    kind_label_en = fields.String(allow_none=True)
    organization = fields.String(allow_none=True, metadata={"description": "the named body's id, if named"})


class Section(Linked):
    leads = fields.List(fields.Nested(Lead), metadata={"description": "who the text says leads (牵头, 负责)"})
    participants = fields.List(fields.Nested(Lead), metadata={
        "description": "who the text says takes part (会同, 参加, 配合)"})
    plan = fields.String()
    number = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    level = fields.Integer(metadata={"description": "1 chapter, 2 section, 3 numbered task"})
    parent = fields.String(allow_none=True)
    order = fields.Integer(allow_none=True)
    text = fields.String(allow_none=True)


class Peer(Entity):
    plan = fields.String()
    name = fields.String(allow_none=True)
    target = fields.Nested(Target, allow_none=True)
    comparison = fields.Nested(Comparison, allow_none=True, metadata={
        "description": "this target compared with the peer's (comparators, units and scale, years respected); "
                       "null where the build compared nothing"})


class MeasureRef(Entity):
    label = fields.String(allow_none=True)


class Indicator(Linked):
    plan = fields.String()
    number = fields.Integer(allow_none=True)
    name = fields.String(allow_none=True)
    attribute = fields.String(allow_none=True, metadata={"enum": ["binding", "expected"]})
    unit = fields.String(allow_none=True)
    baseline = fields.Nested(Baseline, allow_none=True)
    target = fields.Nested(Target, allow_none=True)
    measure = fields.Nested(MeasureRef, allow_none=True)
    section = fields.String(allow_none=True, metadata={"description": "id of the section the table is printed in"})
    peers = fields.List(fields.Nested(Peer), metadata={
        "description": f"the same measure in other provincial plans, by plan id. In a list (/api/v1/indicators) at "
                       f"most the first {PEERS_IN_LIST}: `peers_total` says how many there are and `peers_url` where "
                       f"the full list is; /api/v1/indicators/{{id}} gives them all"})
    peers_total = fields.Integer(metadata={
        "description": f"in a list only: how many peers the indicator has (`peers` holds the first {PEERS_IN_LIST})"})
    peers_url = fields.String(metadata={
        "description": "in a list only: the path of the indicator's full list of peers on this server, "
                       "/api/v1/indicators/{id}/peers (paged with limit and offset)"})
    national_figures = fields.List(fields.Nested(FigureComparison), metadata={
        "description": "figures the national text states that the build compared this target with"})


class LinkedEntity(Entity):
    label = fields.String(allow_none=True, metadata={
        "description": "as the pages print it: 指标3 …, 专栏2 …, 专栏2.1 …, or a section's number and title"})
    plan = fields.String(allow_none=True)
    relation = fields.String(metadata={"enum": ["exact", "close", "broader", "related"]})
    score = fields.Raw(allow_none=True, metadata={"type": "number", "minimum": 0, "maximum": 1})
    method = fields.String(allow_none=True, metadata={"enum": ["auto", "curated"]})


class MeasureArgs(PlanFilterArgs):
    q = fields.String(validate=validate.Length(min=1, max=200),
                      metadata={"description": "a substring of the measure's label (Chinese, English or another wording)"})


class MeasureTarget(Entity):
    plan = fields.String()
    number = fields.Integer(allow_none=True, metadata={"description": "the row number in the plan's table"})
    name = fields.String(allow_none=True, metadata={"description": "the indicator name as this plan prints it"})
    attribute = fields.String(allow_none=True, metadata={"enum": ["binding", "expected"]})
    unit = fields.String(allow_none=True)
    baseline = fields.Nested(Baseline, allow_none=True)
    target = fields.Nested(Target, allow_none=True)


class ServingLink(Schema):
    id = fields.String(metadata={"description": "id of the indicator target linked to the provision"})
    relation = fields.String(metadata={"enum": ["exact", "close", "broader", "related"]})
    score = fields.Raw(allow_none=True, metadata={"type": "number", "minimum": 0, "maximum": 1})


class NationalProvision(Entity):
    title = fields.String(allow_none=True)
    plan = fields.String(allow_none=True, metadata={"example": "national"})
    via = fields.List(fields.Nested(ServingLink), metadata={"description": "the targets linked to it"})


class RelatedMeasure(Entity):
    label = fields.String(allow_none=True)
    relation = fields.String(metadata={"enum": ["close", "related"],
                                       "description": "close: near but not the same; related: about a related thing"})


class SeriesPoint(Entity):
    """One figure of a measure's series; id and iri are the status figure's or the indicator target's."""
    plan = fields.String()
    kind = fields.String(metadata={"enum": ["status", "baseline", "target"], "description":
                                   "status: a level the plan reports as reached (its review of the past period, "
                                   "or dated 截至…); baseline and target: the plan's indicator table"})
    year = fields.Integer(allow_none=True)
    value = Number
    unit = fields.String(allow_none=True)
    text = fields.String(allow_none=True, metadata={"description": "the value as printed (2.2万人, 7000余个, ≥18人)"})
    comparator = fields.String(allow_none=True, metadata={
        "enum": [">=", ">", "=", "<=", "<"], "description": "as in the extract JSON: '=' for a bare number"})
    comparator_printed = fields.Boolean(allow_none=True)
    period = fields.String(allow_none=True, metadata={
        "description": "status: the words that date it as printed (截至2020年底, “十三五”时期)"})
    subject = fields.String(allow_none=True, metadata={
        "description": "what it counts as this plan words it (a status's clause words, a target's indicator name)"})
    subject_en = fields.String(allow_none=True)
    section = fields.String(allow_none=True, metadata={"description": "id of the section it is printed in"})


class Measure(Entity):
    label = fields.String(allow_none=True, metadata={"description": "Chinese label"})
    label_en = fields.String(allow_none=True)
    alt_labels = fields.List(fields.String(), metadata={"description": "other wordings the plans print"})
    definition = fields.String(allow_none=True, metadata={"description": "in English, where curated"})
    unit = fields.String(allow_none=True, metadata={"description": "the unit its targets print (null when they differ)"})
    units = fields.List(fields.String(), metadata={"description": "every unit its targets print"})
    divided_by = fields.String(allow_none=True, metadata={
        "description": "what a ratio divides by (denominator or base), Chinese; null for counts or where not curated",
        "example": "每万城镇常住人口"})
    divided_by_en = fields.String(allow_none=True)
    plans = fields.List(fields.String(), metadata={"description": "ids of the plans with a target on it"})
    targets = fields.List(fields.Nested(MeasureTarget), metadata={"description": "every plan's target on it"})
    national_provisions = fields.List(fields.Nested(NationalProvision), metadata={
        "description": "the national sections its targets implement"})
    related_measures = fields.List(fields.Nested(RelatedMeasure), metadata={
        "description": "close or related measures (near but different)"})
    series = fields.List(fields.Nested(SeriesPoint), metadata={
        "description": "every figure on it, plan by plan in time order: the levels the plan reports as reached "
                       "(status), then its table's baseline and target"})


class ProjectItem(Entity):
    number = fields.Integer(allow_none=True)
    title = fields.String(allow_none=True)
    text = fields.String(allow_none=True)


class Project(Entity):
    plan = fields.String()
    number = fields.Integer(allow_none=True)
    title = fields.String(allow_none=True)
    section = fields.String(allow_none=True)
    items = fields.List(fields.Nested(ProjectItem))


class Clause(Schema):
    text = fields.String(allow_none=True)
    start = fields.Integer()
    end = fields.Integer()


class ChangePeriod(Schema):
    from_ = fields.Integer(data_key="from", attribute="from", metadata={"example": 2021})
    to = fields.Integer(metadata={"example": 2025})


class Commitment(Entity):
    plan = fields.String()
    text = fields.String(allow_none=True)
    value = Number
    unit = fields.String(allow_none=True)
    comparator = fields.String(allow_none=True)
    comparator_printed = fields.Boolean(metadata={
        "description": "whether the text prints the comparator (≥18人: true); false for a bare number (90%, 3万人), "
                       "whose comparator is '=' by the contract and which the graph states with no pl:comparator; "
                       "the comparisons read a bare target as a floor"})
    section = fields.String(allow_none=True)
    national_figures = fields.List(fields.Nested(FigureComparison), metadata={
        "description": "national figures this commitment restates, each with the comparison"})
    year = fields.Integer(allow_none=True, metadata={
        "description": "the year the sentence sets, or the last year of the period it names"})
    upper = Number
    subject = fields.String(allow_none=True, metadata={"description": "the words that say what is measured"})
    subject_en = fields.String(allow_none=True, metadata={"description": "the subject in English"})
    words = fields.String(allow_none=True, metadata={"description": "a target in words as printed (全覆盖)"})
    period = fields.String(allow_none=True, metadata={"description": "the period as printed (“十四五”期间)"})
    condition = fields.String(allow_none=True, metadata={"description": "the condition the figure applies under"})
    hedge = fields.String(allow_none=True, metadata={
        "description": "the words, as printed, that say how firmly the figure holds, not what it measures: "
                       "一般 (as a rule), 原则上 (in principle), 力争 (strive to); null where it is printed firmly"})
    qualifiers = fields.List(fields.String(), metadata={"description": "每天, 每年, 每百户居民 …"})
    clause = fields.Nested(Clause, allow_none=True, metadata={
        "description": "the commitment's own clause and its character offsets in the verbatim text"})
    measure = fields.String(allow_none=True, metadata={"description": "id of the measure it restates"})
    kind = fields.String(metadata={"enum": ["level", "addition"], "description":
                                   "level: an amount reached; addition: an amount added or made over a period "
                                   "(新增, 增创, 累计新增, 打造 N…), never compared with a level"})
    change = fields.Nested(ChangePeriod, allow_none=True, metadata={
        "description": "an addition's period: the first and last year it is counted over"})


class Department(Entity):
    label = fields.String(allow_none=True)
    parent = fields.String(allow_none=True)
    region = fields.String(allow_none=True)


class Region(Entity):
    code = fields.String(allow_none=True)
    label = fields.String(allow_none=True)
    label_en = fields.String(allow_none=True)
    wikidata = fields.String(allow_none=True)


class SearchHit(Entity):
    type = fields.String(metadata={"description": "the pl: class, e.g. IndicatorTarget, Section"})
    plan = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    snippet = fields.String(allow_none=True)


def page_of(item_schema: type[Schema]) -> type[Schema]:
    """The list envelope `{"items": [...], "total": N}` around an item schema."""
    return type(f"{item_schema.__name__}Page", (Schema,), {
        "items": fields.List(fields.Nested(item_schema), required=True),
        "total": fields.Integer(required=True, metadata={"description": "matches before paging"}),
    })


# ---------------------------------------------------------------- releases (api/services/releases.py)

class ChangesArgs(PageArgs):
    change = fields.String(validate=validate.OneOf(["added", "removed", "changed", "source"]), metadata={
        "description": "only entities added, removed, changed, or whose source quote alone changed"})
    plan = fields.String(validate=validate.Length(min=1), metadata={"description": "only the entities of this plan"})


class ReleaseCounts(Schema):
    entities_added = fields.Integer(metadata={"description": "entities with no triple in the release before"})
    entities_removed = fields.Integer(metadata={"description": "entities with no triple left"})
    entities_changed = fields.Integer(metadata={"description": "entities one of whose statements changed"})
    entities_source = fields.Integer(metadata={
        "description": "entities whose data is the same and only where the plan document quotes them changed "
                       "(the quoted text, its offsets, the document's checksum)"})
    triples_added = fields.Integer()
    triples_removed = fields.Integer()
    plans = fields.List(fields.String(), metadata={"description": "the plans whose data changed"})


class Release(Entity):
    date = fields.String(metadata={"format": "date-time", "description": "when it was published (UTC); the "
                                   "Last-Modified of every answer while it is served"})
    stamp = fields.String(metadata={"description": "the build stamp: a hash of the build's triples (the graph "
                                    "states it as <…/build> dcterms:identifier)"})
    triples = fields.Integer(metadata={"description": "triples in the release"})
    follows = fields.String(allow_none=True, metadata={"description": "id of the release before it (null: the first)"})
    current = fields.Boolean(metadata={"description": "whether it is the release this server serves"})
    changes = fields.Nested(ReleaseCounts, allow_none=True, metadata={
        "description": "what changed since the release it follows (null: not known)"})
    changes_href = fields.String(allow_none=True, metadata={"format": "uri", "description":
                                 "the entities added, removed and changed (null: no longer kept)"})
    nquads_added = fields.String(allow_none=True, metadata={"format": "uri", "description":
                                 "the triples added, as gzipped N-Quads (null: no longer kept)"})
    nquads_removed = fields.String(allow_none=True, metadata={"format": "uri", "description":
                                   "the triples removed, as gzipped N-Quads (null: no longer kept)"})


class PropertyChange(Schema):
    subject = fields.String(metadata={"format": "uri", "description": "the entity, or a part of it (…#target: "
                                      "its target's observation)"})
    property = fields.String(metadata={"format": "uri"})
    kind = fields.String(metadata={"enum": ["value", "link", "source"], "description":
                         "a value, a link to another resource, or where the plan document quotes it"})
    change = fields.String(metadata={"enum": ["added", "removed", "changed"]})
    old = fields.List(fields.Raw(), metadata={"description": "the values removed (IRIs as strings)"})
    new = fields.List(fields.Raw(), metadata={"description": "the values added"})


class EntityChange(Entity):
    change = fields.String(metadata={"enum": ["added", "removed", "changed", "source"], "description":
                           "added, removed, changed, or source: only where the plan document quotes it changed"})
    type = fields.String(allow_none=True, metadata={"format": "uri", "description": "its class"})
    label = fields.String(allow_none=True)
    plan = fields.String(allow_none=True, metadata={"description": "the plan it belongs to"})
    triples_added = fields.Integer()
    triples_removed = fields.Integer()
    properties = fields.List(fields.Nested(PropertyChange), metadata={
        "description": "how it changed, per part and property (empty for an entity added or removed: its triples "
                       "are in the N-Quads)"})


class ReleaseChanges(Schema):
    release = fields.String(required=True)
    follows = fields.String(allow_none=True)
    date = fields.String(metadata={"format": "date-time"})
    nquads_added = fields.String(metadata={"format": "uri", "description": "the triples added (gzipped N-Quads)"})
    nquads_removed = fields.String(metadata={"format": "uri", "description": "the triples removed"})
    items = fields.List(fields.Nested(EntityChange), required=True)
    total = fields.Integer(required=True, metadata={"description": "matches before paging"})
# ---------------------------------------------------------------- the gap report (GET /api/v1/gaps)

class GapClosest(Entity):
    title = fields.String(allow_none=True)
    score = fields.Raw(allow_none=True, metadata={"type": "number", "minimum": 0, "maximum": 1,
                                                  "description": "its lexical score"})


class Gap(Entity):
    """id and iri: the national section or provincial item the gap concerns."""
    csv_row_key = "gap"  # a CSV row is the gap (one per plan), not what it concerns (api/tables.py)
    plan = fields.String(metadata={"description": "the provincial plan whose gap it is", "example": "jiangsu"})
    side = fields.String(metadata={"enum": ["national", "provincial"], "description":
                                   "national: a national chapter or section no item of the plan implements; "
                                   "provincial: an item of the plan with no national counterpart"})
    kind = fields.String(allow_none=True, metadata={"enum": ["chapter", "section", "task", "indicator", "project",
                                                             "item"]})
    title = fields.String(allow_none=True)
    no_counterpart_reason = fields.String(metadata={"description": "why it is a gap, and what came closest"})
    closest = fields.Nested(GapClosest, allow_none=True, metadata={
        "description": "what scored highest on the other side: the plan's closest item for a national gap, "
                       "the closest national section for a provincial one"})
    gap = fields.String(metadata={"format": "uri", "description": "the gap's own IRI in the graph's gap report"})
