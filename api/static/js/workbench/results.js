// The results: a table that sorts by any column and shows one page at a time (Grid.js, bundled), so
// 10,000 rows appear at once; IRIs link to their pages — only http(s) IRIs become links, decided on the
// parsed URL, so a javascript: IRI in a result is text, never an href; and a bar chart (Vega-Lite).
import {compact} from "./complete.js";

const PAGE_SIZE = 100;
const NUMERIC = /#(integer|decimal|double|float|int|long|short|byte|nonNegativeInteger|positiveInteger|negativeInteger|nonPositiveInteger|unsignedInt|unsignedLong|unsignedShort|unsignedByte)$/;
const HAN = /[\u3400-\u9fff]/;
const LATIN_WORD = /[A-Za-z]{2,}/;

// how an IRI reads: pl:Plan for a known namespace, plan/jiangsu for this server's own IRIs
const shown = (wb, iri) => compact(wb.data.prefixes, iri) ||
  (iri.startsWith(wb.data.base) ? iri.slice(wb.data.base.length) : iri);

// where an IRI links: this server's path for its own IRIs, the IRI itself if http(s), else nowhere
export function linkFor(base, iri) {
  if (iri.startsWith(base)) {  // this server's own: its path here, if that path stays on this site
    const local = new URL("/" + iri.slice(base.length), location.origin);
    return local.origin === location.origin ? local.pathname + local.search + local.hash : null;
  }
  let url;
  try { url = new URL(iri); } catch (e) { return null; }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
}

function termNode(wb, term) {
  const h = window.gridjs.h;
  if (!term) return "";
  if (term.type === "uri") {
    const href = linkFor(wb.data.base, term.value);
    return href ? h("a", {href, title: term.value}, shown(wb, term.value))
                : h("span", {class: "iri-text", title: term.value}, term.value);
  }
  if (term.type === "bnode") return "_:" + term.value;
  // the language of a literal: its tag, else what it is written in (Chinese text untagged in the graph)
  const lang = term["xml:lang"] || (HAN.test(term.value) && !LATIN_WORD.test(term.value) ? "zh" : undefined);
  return lang ? h("span", {lang}, term.value) : term.value;
}

function compareTerms(collator) {
  const numeric = (t) => (t && t.type === "literal" && NUMERIC.test(t.datatype || "") ? Number(t.value) : NaN);
  return (a, b) => {
    if (!a || !b) return !a && !b ? 0 : (a ? -1 : 1);  // empty cells last
    const x = numeric(a), y = numeric(b);
    if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
    return collator.compare(a.value, b.value);
  };
}

let grid = null;  // the table of the last results: unmounted before the next is drawn

export function renderResult(wb) {
  const {panelTable, lastResult} = wb;
  if (grid) grid.destroy();
  grid = null;
  panelTable.replaceChildren();
  if (lastResult.boolean !== undefined) {
    const table = document.createElement("table");
    table.className = "results";
    const head = table.createTHead().insertRow();
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = "ASK";
    head.appendChild(th);
    table.createTBody().insertRow().insertCell().textContent = String(lastResult.boolean);
    panelTable.appendChild(table);
    return;
  }
  const vars = lastResult.head.vars;
  const compare = compareTerms(new Intl.Collator(wb.en ? "en" : "zh", {numeric: true}));
  grid = new window.gridjs.Grid({
    columns: vars.map((v) => ({id: v, name: "?" + v, formatter: (term) => termNode(wb, term), sort: {compare}})),
    data: lastResult.results.bindings.map((b) => vars.map((v) => b[v] || null)),
    sort: true,
    pagination: {limit: PAGE_SIZE, summary: true},
    autoWidth: false,
    className: {table: "results", container: "results-grid"},
    language: {
      sort: {sortAsc: wb.say("wb_sort"), sortDesc: wb.say("wb_sort")},
      pagination: {previous: wb.say("wb_previous"), next: wb.say("wb_next"),
                   navigate: (page, pages) => wb.say("wb_navigate", {page, pages}),
                   page: (page) => wb.say("wb_page_n", {page}), showing: wb.say("wb_showing"),
                   to: wb.say("wb_to"), of: wb.say("wb_of"), results: wb.say("wb_results")},
      noRecordsFound: "—",
    },
  });
  // each time the table is drawn anew (sorted, another page), it says so: data-drawn counts up
  let drawn = 0;
  panelTable.dataset.drawn = "0";
  grid.config.pipeline.on("afterProcess", () => requestAnimationFrame(() => { panelTable.dataset.drawn = String(++drawn); }));
  // each table in a new element of its own: drawn into the last one's, it would take over its state
  const holder = document.createElement("div");
  panelTable.appendChild(holder);
  grid.render(holder);
}

// Grid.js draws the sort as an icon's class: the column header also says it (aria-sort), for screen readers
new MutationObserver(() => {
  for (const th of document.querySelectorAll("#panel-table th.gridjs-th-sort")) {
    const icon = th.querySelector(".gridjs-sort");
    const order = icon && icon.classList.contains("gridjs-sort-asc") ? "ascending"
      : icon && icon.classList.contains("gridjs-sort-desc") ? "descending" : null;
    if (order && th.getAttribute("aria-sort") !== order) th.setAttribute("aria-sort", order);
    if (!order && th.hasAttribute("aria-sort")) th.removeAttribute("aria-sort");
  }
}).observe(document.getElementById("panel-table"), {subtree: true, attributes: true, attributeFilter: ["class"]});

export function triplesAsResult(text) {
  const term = String.raw`(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?)`;
  const line = new RegExp(`^${term}\\s+${term}\\s+${term}\\s*\\.\\s*$`);
  const parse = (t) => {
    if (t.startsWith("<")) return {type: "uri", value: t.slice(1, -1)};
    if (t.startsWith("_:")) return {type: "bnode", value: t.slice(2)};
    const m = /^"((?:[^"\\]|\\.)*)"(?:@([\w-]+)|\^\^<([^>]*)>)?$/.exec(t);
    return {type: "literal", value: JSON.parse('"' + m[1] + '"'), "xml:lang": m[2], datatype: m[3]};
  };
  const bindings = [];
  for (const l of text.split("\n")) {
    const m = line.exec(l.trim());
    if (m) bindings.push({subject: parse(m[1]), predicate: parse(m[2]), object: parse(m[3])});
  }
  return {head: {vars: ["subject", "predicate", "object"]}, results: {bindings}};
}

// ------------------------------------------------------------ the chart

export function showChart(wb) {
  const {panelChart, lastResult} = wb;
  panelChart.replaceChildren();
  const bindings = lastResult && lastResult.results ? lastResult.results.bindings : [];
  const vars = lastResult && lastResult.head ? lastResult.head.vars : [];
  const numeric = vars.find((v) => bindings.some((b) => b[v] && NUMERIC.test(b[v].datatype || "")));
  const label = vars.find((v) => v !== numeric && bindings.some((b) => b[v] && b[v].type === "literal")) ||
                vars.find((v) => v !== numeric);
  if (!numeric || !label || !window.vegaEmbed) {
    const p = document.createElement("p");
    p.textContent = wb.say("wb_chart_needs");
    panelChart.appendChild(p);
    return;
  }
  const colour = vars.find((v) => v !== numeric && v !== label && bindings.some((b) => b[v]));
  const show = (t) => (t ? (t.type === "uri" ? shown(wb, t.value) : t.value) : "");
  const values = bindings.filter((b) => b[numeric]).slice(0, 500).map((b) => ({
    label: show(b[label]), value: Number(b[numeric].value), group: show(colour ? b[colour] : null)}));
  const figure = document.createElement("figure");
  const holder = document.createElement("div");
  holder.className = "bar-chart";
  const caption = document.createElement("figcaption");
  caption.textContent = wb.say("wb_chart_caption", {num: numeric, label});
  figure.append(holder, caption);
  panelChart.appendChild(figure);
  const width = Math.max(200, figure.clientWidth);
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: {values}, mark: {type: "bar", tooltip: true},
    width: "container", autosize: {type: "fit-x", contains: "padding"},
    encoding: {
      // the bar labels are the y axis; its title is the caption's, so it can never sit on the labels
      y: {field: "label", type: "nominal", title: null, sort: "-x",
          axis: {labelLimit: Math.round(width * 0.4), labelOverlap: true}},
      x: {field: "value", type: "quantitative", title: "?" + numeric, axis: {labelOverlap: true, tickCount: 5}},
      ...(colour ? {color: {field: "group", type: "nominal", title: "?" + colour,
                            legend: {orient: width < 520 ? "bottom" : "right", labelLimit: 160}}} : {}),
    },
  };
  window.vegaEmbed(holder, spec, {actions: {export: true, source: false, compiled: false, editor: false},
                                           i18n: {SVG_ACTION: wb.say("chart_save_svg"), PNG_ACTION: wb.say("chart_save_png"),
                                                  CLICK_TO_VIEW_ACTIONS: wb.say("chart_download")}})
    .then(() => {  // vega-embed's menu button is an icon: give it a name
      const summary = holder.querySelector("summary");
      if (summary) summary.setAttribute("aria-label", wb.say("chart_download"));
    });
}
