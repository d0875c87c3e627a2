"""The base IRI, the namespaces and the slug rule every part of planlink writes and reads: one place."""

import hashlib
import re
import unicodedata

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV, QB, SKOS

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


def name_slug(prefix: str, name: str) -> str:
    """A stable slug for a name with no printed number: width-insensitive, so renderings agree."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    return f"{prefix}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:10]}"
