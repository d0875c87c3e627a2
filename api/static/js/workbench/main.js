// The SPARQL workbench: Yasqe (CodeMirror with the SPARQL mode) as the editor, completion of the
// graph's prefixes, terms and entities (complete.js), results as a sortable, paged table or a chart
// (results.js), CSV/JSON downloads, a share link, syntax errors in words (explain.js), the query
// kept across reloads with a history (keep.js), and the query as code (snippets.js).
// A query longer than LONG_QUERY bytes encoded goes by POST: a URL that long is refused (414).
import {setUpEditor} from "./complete.js";
import {explain, clearMark} from "./explain.js";
import {keepQuery, savedQuery, remember, showHistory} from "./keep.js";
import {renderResult, showChart, triplesAsResult} from "./results.js";
import {showSnippets} from "./snippets.js";

const LONG_QUERY = 2000;  // bytes of the encoded query; browsers and servers refuse URLs past ~4-8 KB
const data = JSON.parse(document.getElementById("workbench-data").textContent);
const textarea = document.getElementById("query");
const status = document.getElementById("status");
const errorBox = document.getElementById("error");
const tabs = document.querySelector("#results .tabs");
const panelTable = document.getElementById("panel-table");
const panelChart = document.getElementById("panel-chart");

const wb = {
  data, en: data.lang === "en", lastResult: null, panelTable, panelChart,
  say(key, values = {}) {  // the page's catalogue (api/views/i18n.py), {placeholders} filled
    return (key in data.strings ? data.strings[key] : key).replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));
  },
};
wb.editor = setUpEditor(wb, textarea);
wb.getQuery = () => (wb.editor ? wb.editor.getValue() : textarea.value);
wb.setQuery = (q) => { if (wb.editor) wb.editor.setValue(q); textarea.value = q; };
wb.isLong = (q) => encodeURIComponent(q).length > LONG_QUERY;

// the endpoint, by GET for a short query and by POST (a form body) for a long one
wb.ask = (q, accept) => (wb.isLong(q)
  ? fetch("/sparql", {method: "POST", body: new URLSearchParams({query: q}),
                      headers: {Accept: accept, "Content-Type": "application/x-www-form-urlencoded"}})
  : fetch("/sparql?query=" + encodeURIComponent(q), {headers: {Accept: accept}}));

const shareUrl = (q) => location.origin + "/sparql?query=" + encodeURIComponent(q);

async function run() {
  const q = wb.getQuery();
  textarea.value = q;
  clearMark(wb);
  remember(wb, q);
  // the address bar holds a share link, unless the query is too long for one
  history.replaceState(null, "", wb.isLong(q) ? "/sparql" + (wb.en ? "?lang=en" : "")
                                              : "/sparql?query=" + encodeURIComponent(q) + (wb.en ? "&lang=en" : ""));
  setDownloads(q);
  errorBox.hidden = true;
  status.textContent = wb.say("wb_running");
  const started = performance.now();
  let response;
  try {
    response = await wb.ask(q, "application/sparql-results+json, application/n-triples;q=0.9");
  } catch (e) {
    status.textContent = "";
    return showError(wb.say("wb_unreachable") + e.message);
  }
  if (!response.ok) {
    status.textContent = "";
    let message = response.statusText;
    try { message = (await response.json()).message || message; } catch (e) { /* not JSON */ }
    return showError(explain(wb, message, q), response.status);
  }
  const type = response.headers.get("Content-Type") || "";
  wb.lastResult = type.includes("n-triples") ? triplesAsResult(await response.text()) : await response.json();
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  status.textContent = wb.lastResult.boolean !== undefined
    ? wb.say("wb_answer", {a: wb.lastResult.boolean, s: seconds})
    : wb.say("wb_rows", {n: wb.lastResult.results.bindings.length.toLocaleString(), s: seconds});
  tabs.hidden = false;
  renderResult(wb);
  if (!panelChart.hidden) showChart(wb);
}

function setDownloads(q) {
  const types = {"download-csv": "text/csv", "download-json": "application/sparql-results+json"};
  for (const [id, type] of Object.entries(types)) {
    const link = document.getElementById(id);
    link.href = "/sparql?query=" + encodeURIComponent(q) + "&_mediatype=" + encodeURIComponent(type);
    link.dataset.mediaType = type;
  }
}

// a long query's download is asked by POST and saved from memory (its GET link would be refused)
async function download(event) {
  const q = wb.getQuery();
  if (!wb.isLong(q)) return;
  event.preventDefault();
  const link = event.currentTarget;
  const response = await wb.ask(q, link.dataset.mediaType);
  if (!response.ok) return showError(explain(wb, (await response.text()), q), response.status);
  const file = document.createElement("a");
  file.href = URL.createObjectURL(await response.blob());
  file.download = "query." + (link.id === "download-csv" ? "csv" : "json");
  file.click();
  setTimeout(() => URL.revokeObjectURL(file.href), 1000);
}

function showError(words, code) {
  errorBox.hidden = false;
  errorBox.textContent = (code ? code + " · " : "") + words;
  tabs.hidden = true;
  panelTable.replaceChildren();
  panelChart.replaceChildren();
}

function selectTab(which) {
  const chartOn = which === "chart";
  document.getElementById("tab-table").setAttribute("aria-selected", String(!chartOn));
  document.getElementById("tab-chart").setAttribute("aria-selected", String(chartOn));
  panelTable.hidden = chartOn;
  panelChart.hidden = !chartOn;
  if (chartOn && wb.lastResult) showChart(wb);
}

// ------------------------------------------------------------ wiring

document.getElementById("tab-table").addEventListener("click", () => selectTab("table"));
document.getElementById("tab-chart").addEventListener("click", () => selectTab("chart"));
document.getElementById("query-form").addEventListener("submit", (event) => { event.preventDefault(); run(); });
if (wb.editor) wb.editor.addKeyMap({"Ctrl-Enter": () => run(), "Cmd-Enter": () => run()});
document.querySelectorAll("[data-example]").forEach((a) => a.addEventListener("click", (event) => {
  event.preventDefault();
  wb.setQuery(new URL(a.href).searchParams.get("query"));
  run();
}));
for (const id of ["download-csv", "download-json"]) document.getElementById(id).addEventListener("click", download);
document.getElementById("share").addEventListener("click", (event) => {
  event.preventDefault();
  const q = wb.getQuery();
  if (wb.isLong(q)) { status.textContent = wb.say("wb_share_long", {n: LONG_QUERY}); return; }
  if (navigator.clipboard) navigator.clipboard.writeText(shareUrl(q)).catch(() => {});
  status.textContent = wb.say("wb_share") + shareUrl(q);
});
wb.onQueryRun = run;

// a share link's query runs on opening; without one, the query being written before a reload comes back
if (!data.autorun) {
  const saved = savedQuery();
  if (saved) wb.setQuery(saved);
}
keepQuery(wb);
showHistory(wb);
showSnippets(wb);
if (data.autorun) run();
