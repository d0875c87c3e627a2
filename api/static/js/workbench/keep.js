// The query kept in the browser (localStorage): the one being written comes back after a reload,
// and the last queries run are a history to pick from. Nothing leaves the browser.

const QUERY_KEY = "planlink.workbench.query";
const HISTORY_KEY = "planlink.workbench.history";
const HISTORY_SIZE = 20;

function read(key, fallback) {
  try {
    const value = JSON.parse(localStorage.getItem(key));
    return value === null ? fallback : value;
  } catch (e) {  // storage off (private mode) or a value we did not write
    return fallback;
  }
}

function write(key, value) {
  try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage full or off */ }
}

export const savedQuery = () => {
  const query = read(QUERY_KEY, null);
  return typeof query === "string" && query.trim() ? query : null;
};

export function keepQuery(wb) {
  if (!wb.editor) return;
  let pending = null;
  wb.editor.on("change", () => {
    clearTimeout(pending);
    pending = setTimeout(() => write(QUERY_KEY, wb.getQuery()), 300);
  });
  window.addEventListener("pagehide", () => write(QUERY_KEY, wb.getQuery()));
}

export function remember(wb, query) {
  write(QUERY_KEY, query);
  const past = read(HISTORY_KEY, []).filter((entry) => entry && entry.query !== query);
  write(HISTORY_KEY, [{query, at: new Date().toISOString()}, ...past].slice(0, HISTORY_SIZE));
  showHistory(wb);
}

// how a query reads in the list: its first line that is not a comment or a PREFIX
function headline(query) {
  const line = query.split("\n").map((l) => l.trim()).find((l) => l && !l.startsWith("#") && !/^prefix\s/i.test(l));
  return (line || query.trim()).slice(0, 90);
}

export function showHistory(wb) {
  const list = document.getElementById("history-list");
  if (!list) return;
  const entries = read(HISTORY_KEY, []).filter((entry) => entry && typeof entry.query === "string");
  list.replaceChildren(...entries.map((entry) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link-like";
    const code = document.createElement("code");  // a query is code, in no reader's language
    code.textContent = headline(entry.query);
    button.appendChild(code);
    button.title = entry.query.slice(0, 500);
    button.addEventListener("click", () => wb.setQuery(entry.query));
    const when = document.createElement("small");
    when.textContent = " " + new Date(entry.at).toLocaleString(wb.en ? "en-GB" : "zh-CN");
    item.append(button, when);
    return item;
  }));
  document.getElementById("history-empty").hidden = entries.length > 0;
}
