// The comparison chart: per plan, a line from baseline to target; national figures as diamonds;
// the outcome of the comparison in the tooltip. Vega-Lite via vega-embed (bundled, no network).
// It takes the width it is given: one measure fills its box; the small multiples (every measure)
// reflow into as many columns as fit, and are drawn again when the width changes.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const holder = document.getElementById("comparison-chart");
  const say = (key) => (key in data.strings ? data.strings[key] : key);
  if (!window.vegaEmbed || !data.points.some((p) => p.year)) { holder.textContent = say("chart_empty"); return; }
  const planNames = data.planNames || {};
  const plans = [...new Set(data.points.map((p) => p.plan))].sort();
  // every word the chart shows, in the page's language, computed here (the labels are data, not expressions)
  const points = data.points.filter((p) => p.year).map((p) => ({
    ...p,
    x: +p.year + (plans.indexOf(p.plan) - (plans.length - 1) / 2) * 0.15,  // equal targets stay visible
    planName: planNames[p.plan] || p.plan,
    stageName: say("stage_" + p.stage),
    outcomeName: say(p.outcome === "—" ? "outcome_none" : "outcome_" + p.outcome),
  }));
  const OUTCOMES = ["stricter", "equal", "looser", "not_comparable"];
  const STAGES = ["baseline", "target", "national figure"];

  function layers() {
    return {
      layer: [
        {mark: {type: "line", point: false}, transform: [{filter: "datum.stage !== 'national figure'"}],
         encoding: {detail: {field: "plan"}}},
        // a ring round each target compared with another plan's: its outcome (the table says it in words)
        {mark: {type: "point", filled: false, size: 320, strokeWidth: 2.5, aria: false},
         transform: [{filter: "datum.stage === 'target' && datum.outcome !== '—'"}],
         encoding: {stroke: {field: "outcomeName", type: "nominal", title: say("chart_compared"),
                             scale: {domain: OUTCOMES.map((o) => say("outcome_" + o)),
                                     range: ["#c0392b", "#2e8b57", "#2f6fb0", "#999999"]}}}},
        {mark: {type: "point", filled: true, size: 90},
         encoding: {shape: {field: "stageName", type: "nominal", title: say("chart_point"),
                            scale: {domain: STAGES.map((s) => say("stage_" + s)),
                                    range: ["circle", "triangle-up", "diamond"]}}}},
      ],
      encoding: {
        x: {field: "x", type: "quantitative", title: say("chart_year"), scale: {zero: false, padding: 24},
            axis: {format: "d", tickMinStep: 1, labelOverlap: true}},
        y: {field: "value", type: "quantitative", title: say("chart_value"), scale: {zero: false},
            axis: {format: "~r", labelOverlap: true}},
        color: {field: "planName", type: "nominal", title: say("chart_plan"),
                scale: {domain: ["national", "shanghai", "jiangsu"].map((p) => planNames[p] || p),
                        range: ["#333333", "#b03a2e", "#1f5f99"]}},
        tooltip: [{field: "measure_label", title: say("chart_measure")}, {field: "planName", title: say("chart_plan")},
                  {field: "stageName", title: say("chart_point")}, {field: "year", title: say("chart_year")},
                  {field: "text", title: say("chart_text")}, {field: "unit", title: say("chart_value")},
                  {field: "outcomeName", title: say("chart_compared")}],
      },
    };
  }

  function spec(width) {
    const narrow = width < 520;
    const base = {$schema: "https://vega.github.io/schema/vega-lite/v6.json", data: {values: points},
                  // on a narrow screen the legends go under the chart, one above the other
                  config: {legend: narrow ? {orient: "bottom", direction: "horizontal", columns: 2, labelLimit: 140,
                                             layout: {bottom: {direction: "vertical", anchor: "start"}}}
                                          : {orient: "right", labelLimit: 200}}};
    if (!data.facet) {
      return {...base, ...layers(), width: "container", height: narrow ? 200 : 260,
              autosize: {type: "fit-x", contains: "padding"}};
    }
    // small multiples: as many columns of at least 230 px as fit beside the legends (under them on a
    // phone), each cell filling its column less the room for its y axis
    const room = narrow ? width : width - 190;
    const columns = Math.max(1, Math.floor(room / 230));
    const cell = Math.floor(room / columns) - 80;
    return {...base, columns,
            facet: {field: "measure_label", type: "nominal", title: null,
                    header: {labelLimit: cell + 40, labelFontSize: 11}},
            spec: {...layers(), width: cell, height: 110},
            resolve: {scale: {y: "independent"}, axis: {x: "independent"}}};
  }

  let drawnWidth = 0;
  function draw() {
    const width = Math.floor(holder.parentElement.clientWidth);  // the figure's width (the holder shrinks to its chart)
    if (!width || Math.abs(width - drawnWidth) < 24) return;
    drawnWidth = width;
    // ast: expressions run by vega.expressionInterpreter, not eval (the Content-Security-Policy allows none)
    window.vegaEmbed(holder, spec(width), {ast: true, actions: {export: true, source: false, compiled: false, editor: false},
                                           i18n: {SVG_ACTION: say("chart_save_svg"), PNG_ACTION: say("chart_save_png"),
                                                  CLICK_TO_VIEW_ACTIONS: say("chart_download")}})
      .then(() => {  // vega-embed's menu button is an icon: give it a name
        const summary = holder.querySelector("summary");
        if (summary) summary.setAttribute("aria-label", say("chart_download"));
      });
  }
  draw();
  let pending = null;  // one chart follows its container itself; the small multiples reflow
  if (data.facet) window.addEventListener("resize", () => { clearTimeout(pending); pending = setTimeout(draw, 200); });
})();
