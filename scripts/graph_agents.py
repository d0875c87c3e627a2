"""The parts of a plan's graph about who and where: regions and places (GB/T 2260), departments,
their kinds, and who leads or takes part in a task. A mixin of scripts.graph.PlanGraph."""

from __future__ import annotations

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

from planlink.scripts.departments import department_kinds
from planlink.scripts.errors import InputError
from planlink.scripts.places import gb2260, parent_code
from planlink.scripts.regions import CHINA, PROVINCES
from planlink.scripts.vocab import ELI, PL, WIKIDATA, department_kind_iri, entity_iri, org_iri, org_slug, region_iri

# GB/T 2260 code → region (names, Wikidata item): the parser's table, so both agree.
REGIONS = {r.code: r for r in (CHINA, *PROVINCES)}
# extraction field → the plan property a document that does not print it leaves unstated
DOCUMENT_FACTS = {"issuers": ELI.passed_by, "issued": ELI.date_document, "doc_number": ELI.id_local}


class PlacesAndBodies:
    """Needs self.add, self.english, self.string and self.pid (PlanGraph has them)."""

    def region(self, code: str, name: str | None = None) -> URIRef:
        iri = region_iri(code)
        known = REGIONS.get(code)
        if not known and code in gb2260()[1]:  # a prefecture or county: name and parent from GB/T 2260
            return self.place({"id": code, "code": code, "name": gb2260()[1][code],
                               "parent": parent_code(code, gb2260()[1]), "kind": None})
        zh, en, qid = (known.name, known.name_en, known.wikidata) if known else (name or code, None, None)
        self.add(iri, RDF.type, PL.Region)
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.prefLabel, Literal(zh, lang="zh"))
        if en:
            self.add(iri, SKOS.prefLabel, Literal(en, lang="en"))
        self.add(iri, SKOS.notation, Literal(code))
        self.add(iri, DCTERMS.identifier, Literal(code))
        if qid:
            self.add(iri, SKOS.exactMatch, WIKIDATA[qid])
        if code != CHINA.code and known:
            self.add(iri, SKOS.broader, self.region(CHINA.code))
        return iri

    def place(self, p: dict) -> URIRef:
        """A place below the province (MODEL.md "Places"): its code where GB/T 2260 has one, its parent."""
        iri = region_iri(p["id"])
        self.add(iri, RDF.type, PL.Region)
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.prefLabel, Literal(p["name"], lang="zh"))
        self.english(iri, "place", p["name"], SKOS.prefLabel)
        self.add(iri, DCTERMS.identifier, Literal(p["id"]))
        self.add(iri, PL.placeKind, self.string(p.get("kind")))
        self.add(iri, SKOS.note, self.string(p.get("note")))
        if p.get("code"):
            self.add(iri, SKOS.notation, Literal(p["code"]))
        if p.get("parent"):  # where it lies, from GB/T 2260 or the curated table of places
            self.add(iri, SKOS.broader, self.region(p["parent"]))
        if p.get("named_in"):  # listed by neither: only where it is named
            self.add(iri, PL.namedIn, self.region(p["named_in"]))
        for member in p.get("members") or []:
            self.add(iri, DCTERMS.hasPart, self.region(member))
        for printed in p.get("printed") or []:
            if printed != p["name"]:
                self.add(iri, SKOS.altLabel, Literal(printed, lang="zh"))
        return iri

    def places(self):
        for p in self.x.get("places", []):
            iri = self.place(p)
            for where in p.get("mentioned_in", []):
                self.add(entity_iri(where, self.pid), PL.mentionsRegion, iri)

    def document_silences(self, plan: URIRef, p: dict):
        """What the document does not print (pl:notStated), and an issuer inferred from its 发文字号:
        the attribution with the rule it follows, the number and code it read, and the code's source."""
        for field in p.get("not_stated") or []:
            self.add(plan, PL.notStated, DOCUMENT_FACTS[field])
        inferred = p.get("issuer_inferred")
        if not inferred:
            return
        by_name = {d["name"]: d for d in self.x.get("departments", [])}
        known = by_name.get(inferred["name"])
        attribution = URIRef(f"{plan}#issuer-inferred")
        self.add(plan, PROV.qualifiedAttribution, attribution)
        self.add(attribution, RDF.type, PROV.Attribution)
        self.add(attribution, PROV.agent, org_iri(known["id"] if known else org_slug(inferred["name"], self.pid)))
        self.add(attribution, PL.inferenceRule, PL.DocNumberIssuerCode)
        self.add(attribution, PL.inferredFrom, Literal(inferred["from"]))
        self.add(attribution, PL.issuerCode, Literal(inferred["code"]))
        self.add(attribution, DCTERMS.source, Literal(inferred["source"]))

    def department(self, slug: str, name: str, region_code: str | None, kind: str | None = None) -> URIRef:
        iri = org_iri(slug)
        self.add(iri, RDF.type, PL.Department)
        self.add(iri, RDF.type, ORG.Organization)
        self.add(iri, SKOS.prefLabel, Literal(name, lang="zh"))
        self.english(iri, "department", name)
        self.add(iri, DCTERMS.identifier, Literal(slug))
        if region_code:
            self.add(iri, DCTERMS.spatial, self.region(region_code))
        if kind:
            self.add(iri, ORG.classification, self.department_kind(kind))
        return iri

    def department_kind(self, slug: str) -> URIRef:
        """A kind of department (civil affairs, …): one concept scheme shared by every plan."""
        kinds = department_kinds()
        if slug not in kinds:
            raise InputError(f"unknown department kind {slug!r} (graph_data/links/department_kinds.csv)")
        iri, scheme, k = department_kind_iri(slug), department_kind_iri(), kinds[slug]
        self.add(scheme, RDF.type, SKOS.ConceptScheme)
        self.add(scheme, SKOS.prefLabel, Literal("部门类别", lang="zh"))
        self.add(scheme, SKOS.prefLabel, Literal("kinds of department", lang="en"))
        self.add(iri, RDF.type, PL.DepartmentKind)
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.inScheme, scheme)
        self.add(iri, DCTERMS.identifier, Literal(slug))
        self.add(iri, SKOS.prefLabel, Literal(k["label_zh"], lang="zh"))
        self.add(iri, SKOS.prefLabel, Literal(k["label_en"], lang="en"))
        for alt in k["names"]:
            if alt != k["label_zh"]:
                self.add(iri, SKOS.altLabel, Literal(alt, lang="zh"))
        if k.get("broader"):
            self.add(iri, SKOS.broader, self.department_kind(k["broader"]))
        return iri

    def departments(self):
        for d in self.x.get("departments", []):
            org = self.department(d["id"], d["name"], d.get("region_code"), d.get("kind"))
            for section_id in d.get("mentioned_in", []) + d.get("leads", []):
                self.add(entity_iri(section_id, self.pid), PL.mentionsOrganization, org)
            for section_id in d.get("leads", []):
                self.add(entity_iri(section_id, self.pid), PL.leadOrganization, org)

    def assignments(self):
        """Who leads and who takes part: the body's kind always, its organisation when it is named."""
        roles = {"lead": (PL.leadKind, PL.leadOrganization), "participant": (PL.participantKind,
                                                                          PL.participantOrganization),
                 "mention": (PL.mentionsKind, PL.mentionsOrganization)}
        for a in self.x.get("assignments", []):
            if a["role"] not in roles:
                raise InputError(f"plan {self.pid}: assignment role {a['role']!r} is not lead, participant or mention")
            item = entity_iri(a["section"], self.pid)
            by_kind, by_org = roles[a["role"]]
            self.add(item, by_kind, self.department_kind(a["kind"]))
            if a.get("department"):
                self.add(item, by_org, org_iri(a["department"]))
                self.add(item, PL.mentionsOrganization, org_iri(a["department"]))
