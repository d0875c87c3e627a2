"""Every IRI rule and code list planlink writes and reads: the base, the namespaces, the slugs,
the entity, measure, region and organisation IRIs, and the code lists' terms. One place."""

import hashlib
import re
import unicodedata

from rdflib import URIRef
from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV, QB, SKOS

from planlink.scripts.errors import InputError

BASE = "https://planlink.example/"

PL = Namespace(BASE + "def/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SSSOM = Namespace("https://w3id.org/sssom/")
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")

PREFIXES = {"pl": PL, "eli": ELI, "oa": OA, "dcterms": DCTERMS, "skos": SKOS, "org": ORG,
            "prov": PROV, "qb": QB, "dcat": DCAT, "sdmx-dimension": SDMX_DIMENSION,
            "sdmx-measure": SDMX_MEASURE, "sdmx-attribute": SDMX_ATTRIBUTE,
            "sssom": SSSOM, "semapv": SEMAPV}

# --- code lists (ontology/planlink.ttl defines and labels each term) --------------------------

LEVELS = {"national": PL.national, "provincial": PL.provincial, "municipal": PL.municipal}
ATTRIBUTES = {"binding": PL.binding, "expected": PL.expected}
COMPARATORS = {">=": PL.ge, ">": PL.gt, "=": PL.eq, "<=": PL.le, "<": PL.lt}
RELATIONS = {"exact": SKOS.exactMatch, "close": SKOS.closeMatch, "broader": SKOS.broadMatch,
             "related": SKOS.relatedMatch}
OUTCOMES = {"stricter": PL.stricter, "equal": PL.equal, "looser": PL.looser,
            "not comparable": PL.notComparable}
METHODS = {"curated": PL.curated, "auto": PL.auto}
# why a counterpart link implements its national section (scripts/link/implementation.py); a candidate has none
IMPLEMENTATION_BASES = {"best": PL.bestCounterpart, "curated": PL.curatedCounterpart, "further": PL.furtherLink,
                        "restates": PL.restatement, "siblings": PL.siblingMatch}
FIGURE_STATUSES = {"baseline": PL.reported, "requirement": PL.required}

# --- slugs and IRIs -------------------------------------------------------------------------

# id kind letter → (path template, how many dot-separated numbers the id carries)
ID_KINDS = {"s": ("section/{}", (1, 2, 3)), "i": ("indicator/{}", (1,)),
            "c": ("commitment/{}", (1,)), "t": ("term/{}", (1,)), "f": ("figure/{}", (1,)),
            "p": (None, (1, 2))}
ID_PATTERN = re.compile(r"^(?P<plan>[a-z0-9_-]+)-(?P<kind>[a-z])(?P<num>[0-9]+(?:\.[0-9]+)*)$")
SLUG_PATTERN = re.compile(r"^[\w.~-]+$")  # safe as one IRI path segment


def name_slug(prefix: str, name: str) -> str:
    """A stable slug for a name with no printed number: width-insensitive, so renderings agree."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    return f"{prefix}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:10]}"


def plan_iri(plan_id: str) -> URIRef:
    return URIRef(f"{BASE}plan/{plan_id}")


def entity_iri(entity_id: str, plan_id: str | None = None) -> URIRef:
    """The IRI of a plan entity from its extraction id: 'jiangsu-s2.5' → /plan/jiangsu/section/2.5.

    With plan_id, the id must belong to that plan."""
    m = ID_PATTERN.match(entity_id or "")
    where = f"plan {plan_id}: " if plan_id else ""
    if not m or (plan_id and m["plan"] != plan_id) or m["kind"] not in ID_KINDS:
        raise InputError(f"{where}unexpected entity id {entity_id!r}")
    numbers = m["num"].split(".")
    template, lengths = ID_KINDS[m["kind"]]
    if len(numbers) not in lengths:
        raise InputError(f"{where}unexpected entity id {entity_id!r}")
    if m["kind"] == "p":
        path = f"project/{numbers[0]}" + (f"/item/{numbers[1]}" if len(numbers) == 2 else "")
    else:
        path = template.format(m["num"])
    return URIRef(f"{plan_iri(m['plan'])}/{path}")


def measure_iri(slug: str) -> URIRef:
    return URIRef(f"{BASE}measure/{slug}")


def region_iri(code: str) -> URIRef:
    return URIRef(f"{BASE}region/{code}")


def department_kind_iri(slug: str | None = None) -> URIRef:
    """A department kind (civil-affairs, …), or with no slug the scheme of them all."""
    return URIRef(f"{BASE}org/kind" + (f"/{slug}" if slug else ""))


def org_iri(slug: str) -> URIRef:
    if not SLUG_PATTERN.match(slug or ""):
        raise InputError(f"department id {slug!r} is not usable in an IRI")
    return URIRef(f"{BASE}org/{slug}")


# Bodies with an English slug; any other body gets the plan id and name_slug of its name.
KNOWN_ORGS = {
    "民政部": "ministry-of-civil-affairs",
    "国家发展改革委": "national-development-and-reform-commission",
    "国务院办公厅": "general-office-of-the-state-council",
    "上海市民政局": "shanghai-civil-affairs-bureau",
    "上海市发展和改革委员会": "shanghai-development-and-reform-commission",
    "上海市规划和自然资源局": "shanghai-planning-and-natural-resources-bureau",
    "江苏省人民政府办公厅": "jiangsu-provincial-government-general-office",
}


def org_slug(name: str, plan_id: str) -> str:
    return KNOWN_ORGS.get(name) or name_slug(f"{plan_id}-org", name)
