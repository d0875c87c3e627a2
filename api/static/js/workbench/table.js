// The results table: sorted by any column (a click on its header; again for the other way), shown a
// page at a time, so 10,000 rows appear at once — only the page's rows are ever made into elements
// (as YASR's DataTables draws with deferRender and WDQS pages its results). Sorting orders row
// numbers, not rows. The header says how it is sorted (aria-sort); data-drawn on the holder counts
// each drawing (what the tests and pages_bench wait for).

export const PAGE_SIZE = 100;

export function drawTable(holder, {vars, rows, cell, compare, say}) {
  let order = rows.map((row, n) => n);  // row numbers in the order shown
  let sortedBy = null, ascending = true, page = 0;
  const pages = () => Math.max(1, Math.ceil(rows.length / PAGE_SIZE));

  const box = document.createElement("div");
  box.className = "table-scroll results-box";
  box.tabIndex = 0;
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", say("results"));
  const table = document.createElement("table");
  table.className = "results";
  const headRow = table.createTHead().insertRow();
  const heads = vars.map((name, column) => {
    const th = document.createElement("th");
    th.scope = "col";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.title = say("wb_sort");
    const mark = Object.assign(document.createElement("span"), {className: "sort-mark"});
    mark.setAttribute("aria-hidden", "true");  // the header's aria-sort says it
    button.append("?" + name, mark);
    button.addEventListener("click", () => sortBy(column));
    th.appendChild(button);
    headRow.appendChild(th);
    return th;
  });
  const body = table.createTBody();
  box.appendChild(table);

  const pager = document.createElement("nav");
  pager.className = "pager";
  pager.setAttribute("aria-label", say("wb_pages"));
  const summary = Object.assign(document.createElement("span"), {className: "pager-summary"});
  const button = (label, className, go) => {
    const b = Object.assign(document.createElement("button"), {type: "button", className, textContent: label});
    b.addEventListener("click", () => { page = go(); draw(); });
    return b;
  };
  const first = button("«", "first", () => 0), previous = button(say("wb_previous"), "previous", () => page - 1);
  const next = button(say("wb_next"), "next", () => page + 1), last = button("»", "last", () => pages() - 1);
  first.setAttribute("aria-label", say("wb_first"));
  last.setAttribute("aria-label", say("wb_last"));
  pager.append(summary, first, previous, next, last);
  holder.replaceChildren(box, pager);
  holder.dataset.drawn = "0";

  function sortBy(column) {
    ascending = sortedBy === column ? !ascending : true;
    sortedBy = column;
    const direction = ascending ? 1 : -1;
    order.sort((a, b) => direction * compare(rows[a][column], rows[b][column]) || a - b);  // stable
    page = 0;
    draw();
  }

  function draw() {
    const from = page * PAGE_SIZE, to = Math.min(rows.length, from + PAGE_SIZE);
    body.replaceChildren(...order.slice(from, to).map((n) => {
      const tr = document.createElement("tr");
      for (const term of rows[n]) tr.insertCell().append(cell(term));
      return tr;
    }));
    heads.forEach((th, column) => {
      if (column === sortedBy) th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
    summary.textContent = say("wb_page_summary", {from: rows.length ? from + 1 : 0, to, n: rows.length.toLocaleString()});
    first.disabled = previous.disabled = page === 0;
    next.disabled = last.disabled = page >= pages() - 1;
    pager.hidden = rows.length <= PAGE_SIZE;
    holder.dataset.drawn = String(+holder.dataset.drawn + 1);
  }

  draw();
}
