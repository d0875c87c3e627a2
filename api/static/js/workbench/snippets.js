// The query as code, as WDQS offers it: curl, Python (SPARQLWrapper) and R (httr), each asking this
// endpoint for the same results; a long query goes by POST in each, as the workbench sends it.

const shellQuoted = (text) => "'" + text.replace(/'/g, "'\\''") + "'";
const pythonString = (text) => '"""\n' + text.replace(/\\/g, "\\\\").replace(/"""/g, '\\"\\"\\"') + '\n"""';

function rString(text) {  // a raw string r"---(…)---", with as many dashes as it takes
  let dashes = "---";
  while (text.includes(")" + dashes + '"')) dashes += "-";
  return `r"${dashes}(\n${text}\n)${dashes}"`;
}

function kind(query) {  // SELECT/ASK answer SPARQL JSON results; CONSTRUCT/DESCRIBE a graph
  const body = query.replace(/#[^\n]*/g, "").replace(/PREFIX\s+\S*\s*<[^>]*>/gi, "");
  return /^\s*(CONSTRUCT|DESCRIBE)\b/i.test(body) || /\b(CONSTRUCT|DESCRIBE)\s*(\{|<|\?|WHERE)/i.test(body) ? "graph" : "results";
}

export function snippets(endpoint, query, long) {
  const graph = kind(query) === "graph";
  const accept = graph ? "text/turtle" : "application/sparql-results+json";
  const curl = [`curl ${long ? "" : "-G "}${shellQuoted(endpoint)} \\`, `  -H ${shellQuoted("Accept: " + accept)} \\`,
                `  --data-urlencode ${shellQuoted("query=" + query)}`].join("\n");
  const python = [
    "from SPARQLWrapper import SPARQLWrapper, " + (graph ? "TURTLE" : "JSON") + (long ? ", POST" : ""),
    "", `endpoint = SPARQLWrapper(${JSON.stringify(endpoint)})`, `endpoint.setQuery(${pythonString(query)})`,
    `endpoint.setReturnFormat(${graph ? "TURTLE" : "JSON"})`, ...(long ? ["endpoint.setMethod(POST)"] : []),
    "results = endpoint.query().convert()",
    ...(graph ? ["print(results.decode(\"utf-8\"))"]
              : ["for row in results[\"results\"][\"bindings\"]:",
                 "    print({name: term[\"value\"] for name, term in row.items()})"]),
  ].join("\n");
  const request = long
    ? `POST(${JSON.stringify(endpoint)}, body = list(query = query), encode = "form",\n                 add_headers(Accept = "${accept}"))`
    : `GET(${JSON.stringify(endpoint)}, query = list(query = query),\n                add_headers(Accept = "${accept}"))`;
  const r = [
    "library(httr)", ...(graph ? [] : ["library(jsonlite)"]), "", `query <- ${rString(query)}`,
    `response <- ${request}`, "stop_for_status(response)",
    ...(graph ? ['cat(content(response, as = "text", encoding = "UTF-8"))']
              : ['results <- fromJSON(content(response, as = "text", encoding = "UTF-8"))',
                 "head(results$results$bindings)"]),
  ].join("\n");
  return {curl, python, r};
}

export function showSnippets(wb) {
  const holder = document.getElementById("snippets");
  if (!holder) return;
  const update = () => {
    const query = wb.getQuery();
    const code = snippets(location.origin + "/sparql", query, wb.isLong(query));
    for (const [name, text] of Object.entries(code)) document.getElementById("snippet-" + name).textContent = text;
  };
  holder.addEventListener("toggle", () => { if (holder.open) update(); });
  if (wb.editor) wb.editor.on("change", () => { if (holder.open) update(); });
  holder.querySelectorAll("button[data-copy]").forEach((button) => button.addEventListener("click", () => {
    const text = document.getElementById(button.dataset.copy).textContent;
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(() => { button.textContent = wb.say("copied"); },
                                                                       () => {});
    setTimeout(() => { button.textContent = wb.say("copy"); }, 1500);
  }));
  update();
}
