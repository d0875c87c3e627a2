"""The language of a page — `?lang=`, else the `lang` cookie, else the best of Accept-Language,
Chinese by default — and the template functions that put every word of the page in it: the
catalogue's (`t`), the graph's English labels where it has them (`name`, `label`), the plan's own
Chinese words marked `lang="zh"` on English pages (`quoted`, `marked`), units, plan names and the
explanations of comparisons."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import request
from markupsafe import Markup, escape
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from planlink.api import services
from planlink.api.store import get_store
from planlink.api.views import explanations
from planlink.api.views.i18n import LANGUAGES, UI, UNITS, script_strings, text

CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
CHINESE_RUN = re.compile(f"[{CJK}](?:[^A-Za-z\\s]*[{CJK}])?")  # CJK characters and what is between them, up to a space or a Latin letter
HAS_CJK = re.compile(f"[{CJK}]")
HAS_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def language() -> str:
    chosen = request.args.get("lang") or request.cookies.get("lang")
    if chosen in LANGUAGES:
        return chosen
    accept = parse_accept_header(request.headers.get("Accept-Language"), LanguageAccept)
    return accept.best_match(LANGUAGES, default="zh") or "zh"


def switch_url(to: str) -> str:
    """This page in the other language: a query-only link (`?…&lang=en`), which keeps the page's own
    path whatever that path says — a link built from the path could leave the site
    (`/%5Cevil.example/x` read as `//evil.example/x`)."""
    return "?" + urlencode({**request.args.to_dict(), "lang": to})


def download_href(fmt: str) -> str:
    """This page's table as CSV or JSON, in the page's language (a query-only link, as switch_url)."""
    return "?" + urlencode({**request.args.to_dict(), "format": fmt, "lang": language()})


def marked(value) -> Markup:
    """A text whose language the graph does not say (an untagged literal), with its languages
    marked: on an English page its Chinese runs in lang="zh"; on a Chinese page a text with English
    words in lang="en" (its Chinese runs still marked inside)."""
    if value is None:
        return Markup("")
    value = str(value)
    if not HAS_LATIN_WORD.search(value):
        return quoted(value) if HAS_CJK.search(value) else escape(value)
    inner = Markup("").join(_runs(value))
    return inner if language() == "en" else Markup('<span lang="en">') + inner + Markup("</span>")


def _runs(value: str):
    at = 0
    for run in CHINESE_RUN.finditer(value):
        yield escape(value[at:run.start()])
        yield Markup('<span lang="zh">') + escape(run.group()) + Markup("</span>")
        at = run.end()
    yield escape(value[at:])


def quoted(value) -> Markup:
    """The plan's own words (a title, a printed figure, a quote): marked lang="zh" on English pages."""
    if value is None or value == "":
        return Markup("")
    if language() == "en":
        return Markup('<span lang="zh">') + escape(value) + Markup("</span>")
    return escape(value)


def explanation(value: str | None) -> Markup:
    """A comparison's explanation in the page's language (the build writes it in English)."""
    if not value:
        return Markup("")
    if language() == "zh":
        chinese = explanations.in_chinese(value)
        if chinese is not None:
            return escape(chinese)
    return marked(value)


def unit(value: str | None):
    if not value:
        return ""
    if language() == "en":
        return UNITS[value] if value in UNITS else quoted(value)
    return value


def plan_name(plan_id: str | None) -> str:
    """A plan's short name: its region (上海市), or in English the plan id (Shanghai)."""
    if not plan_id:
        return ""
    if language() == "en":
        return UI["national"]["en"] if plan_id == "national" else plan_id.title()
    plan = next((p for p in services.plans(get_store()) if p["id"] == plan_id), None)
    return (plan["region"] or plan["title"] or plan_id) if plan else plan_id


def english_label(iri) -> str | None:
    return services.labels_en(get_store()).get(str(iri)) if iri else None


def label(iri, fallback=None):
    """Plain text (for <title> and attributes): the English label on English pages, else `fallback`."""
    return (english_label(iri) if language() == "en" else None) or fallback


def name(iri, fallback=None) -> Markup:
    """For the page's text: the English label on English pages where the graph has one, else the
    plan's own words (`fallback`), marked Chinese on English pages."""
    english = english_label(iri) if language() == "en" else None
    return escape(english) if english else quoted(fallback)


def entity_label(entity: dict, plain: bool = False):
    """A provincial entity as the matrix and section pages list it: 指标7 … / Indicator 7: …"""
    kind, number = entity.get("kind"), entity.get("number")
    if language() != "en" or kind is None:
        return entity["label"] if plain else quoted(entity["label"])
    title = label(entity["iri"], entity.get("title")) if plain else name(entity["iri"], entity.get("title"))
    if kind == "IndicatorTarget":
        head = text("indicator_number", "en", n=number)
    elif kind == "ProjectItem":
        head = text("item_number", "en", p=entity.get("project_number"), n=number)
    elif kind == "Project":
        head = text("box_number", "en", n=number)
    else:
        head = (number or "") if plain else quoted(number or "")
    return f"{head} {title}" if plain else Markup("{} {}").format(head, title)


def page_context() -> dict:
    """The functions every page template has (registered by api.views.pages)."""
    lang = language()

    def plan_counts(plan_id: str) -> dict:
        store = get_store()
        return {"sections": len(services.sections(store, plan_id)),
                "indicators": len(services.indicators(store, plan_id)),
                "commitments": len(services.commitments(store, plan_id))}

    def t(key: str, **values):
        """The catalogue's words; with values, as markup whose values are escaped (or kept, if markup)."""
        if not values or key not in UI:
            return text(key, lang)
        return Markup(escape(UI[key][lang])).format(**values)

    return {"lang": lang, "t": t, "has_text": UI.__contains__,
            "label": label, "name": name, "quoted": quoted, "marked": marked, "unit": unit,
            "plan_name": plan_name, "explanation": explanation, "entity_label": entity_label,
            "entity_text": lambda entity: entity_label(entity, plain=True),
            "switch_url": switch_url, "download_href": download_href,
            "script_strings": lambda which: script_strings(which, lang), "plan_counts": plan_counts,
            "ontology_terms": lambda: services.ontology_terms(get_store())}


# ---------------------------------------------------------------- downloads and chart data

def localised(records: list[dict]) -> list[dict]:
    """Comparison records (page_tables.flat, chart_points) in the page's language, the columns the
    same in both: English labels, units and plan names where the page is English; explanations in
    Chinese where it is Chinese. Printed figures stay as the plan printed them."""
    lang = language()
    out = []
    for record in records:
        record = dict(record)
        if lang == "en":
            for iri_key, text_key in (("measure_iri", "measure_label"), ("indicator", "name")):
                if record.get(iri_key):
                    record[text_key] = label(record[iri_key], record.get(text_key))
            if record.get("unit") in UNITS:
                record["unit"] = UNITS[record["unit"]]
        elif record.get("explanation"):
            record["explanation"] = " | ".join(explanations.in_chinese(part) or part
                                               for part in record["explanation"].split(" | "))
        out.append(record)
    return out
