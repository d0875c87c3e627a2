// The results: a table that sorts by any column and shows one page at a time (table.js), so 10,000
// rows appear at once; IRIs link to their pages — only http(s) IRIs become links, decided on the
// parsed URL, so a javascript: IRI in a result is text, never an href; and a bar chart (Vega-Lite).
import {compact} from "./complete.js";
import {drawTable} from "./table.js";
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
  if (!term) return "";
  if (term.type === "uri") {
    const href = linkFor(wb.data.base, term.value);
    const node = document.createElement(href ? "a" : "span");
    if (href) node.href = href; else node.className = "iri-text";
    node.title = term.value;
    node.textContent = href ? shown(wb, term.value) : term.value;
    return node;
  }
  if (term.type === "bnode") return "_:" + term.value;
  // the language of a literal: its tag, else what it is written in (Chinese text untagged in the graph)
  const lang = term["xml:lang"] || (HAN.test(term.value) && !LATIN_WORD.test(term.value) ? "zh" : undefined);
  if (!lang) return term.value;
  return Object.assign(document.createElement("span"), {lang, textContent: term.value});
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

export function renderResult(wb) {
  const {panelTable, lastResult} = wb;
  panelTable.replaceChildren();
  if (lastResult.boolean !== undefined) {
    const table = document.createElement("table");
    table.className = "results";
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = "ASK";
    table.createTHead().insertRow().appendChild(th);
    table.createTBody().insertRow().insertCell().textContent = String(lastResult.boolean);
    panelTable.appendChild(table);
    return;
  }
  const vars = lastResult.head.vars;
  drawTable(panelTable, {
    vars, rows: lastResult.results.bindings.map((b) => vars.map((v) => b[v] || null)),
    cell: (term) => termNode(wb, term), compare: compareTerms(new Intl.Collator(wb.en ? "en" : "zh", {numeric: true})),
    say: wb.say,
  });
}

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
  // ast: expressions run by vega.expressionInterpreter, not eval (the Content-Security-Policy allows none)
  window.vegaEmbed(holder, spec, {ast: true, actions: {export: true, source: false, compiled: false, editor: false},
                                           i18n: {SVG_ACTION: wb.say("chart_save_svg"), PNG_ACTION: wb.say("chart_save_png"),
                                                  CLICK_TO_VIEW_ACTIONS: wb.say("chart_download")}})
    .then(() => {  // vega-embed's menu button is an icon: give it a name
      const summary = holder.querySelector("summary");
      if (summary) summary.setAttribute("aria-label", wb.say("chart_download"));
    });
}
