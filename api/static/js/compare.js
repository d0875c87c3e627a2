// The comparison chart: per plan, a line from baseline to target; national figures as diamonds;
// the outcome of the comparison in the tooltip. Vega-Lite via vega-embed (bundled, no network).
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const holder = document.getElementById("comparison-chart");
  if (!window.vegaEmbed || !data.points.some((p) => p.year)) { holder.textContent = "—"; return; }
  const en = data.lang === "en";
  const plans = [...new Set(data.points.map((p) => p.plan))].sort();
  const points = data.points.filter((p) => p.year).map((p) => ({
    ...p, x: +p.year + (plans.indexOf(p.plan) - (plans.length - 1) / 2) * 0.15}));
  const layer = {
    layer: [
      {mark: {type: "line", point: false}, transform: [{filter: "datum.stage !== 'national figure'"}],
       encoding: {detail: {field: "plan"}}},
      // a ring round each target compared with another plan's: its outcome
      {mark: {type: "point", filled: false, size: 320, strokeWidth: 2.5, aria: false},  // the table says it in words
       transform: [{filter: "datum.stage === 'target' && datum.outcome !== '—'"}],
       encoding: {stroke: {field: "outcome", type: "nominal", title: en ? "compared with the other plan" : "与另一规划比较",
                           scale: {domain: ["stricter", "equal", "looser", "not_comparable"],
                                   range: ["#c0392b", "#2e8b57", "#2f6fb0", "#999999"]},
                           legend: en ? {} : {labelExpr: "{'stricter': '更严', 'equal': '相同', 'looser': '更宽', 'not_comparable': '不可比'}[datum.label]"}}}},
      {mark: {type: "point", filled: true, size: 90},
       encoding: {shape: {field: "stage", type: "nominal", title: en ? "point" : "数据点",
                          scale: {domain: ["baseline", "target", "national figure"], range: ["circle", "triangle-up", "diamond"]},
                          legend: en ? {} : {labelExpr: "{'baseline': '基期值', 'target': '目标值', 'national figure': '国家规划数据'}[datum.label]"}}}},
    ],
    encoding: {
      // years on a numeric axis, each plan nudged sideways so equal targets stay visible
      x: {field: "x", type: "quantitative", title: en ? "year" : "年份", scale: {zero: false, padding: 24},
          axis: {format: "d", tickMinStep: 1}},
      y: {field: "value", type: "quantitative", title: en ? "value" : "数值", scale: {zero: false},
         axis: {format: "~r"}},
      color: {field: "plan", type: "nominal", title: en ? "plan" : "规划",
              scale: {domain: ["national", "shanghai", "jiangsu"], range: ["#333333", "#b03a2e", "#1f5f99"]},
              legend: {labelExpr: `${JSON.stringify(data.planNames || {})}[datum.label] || datum.label`}},
      tooltip: [{field: "measure"}, {field: "plan"}, {field: "stage"}, {field: "year"}, {field: "text"},
                {field: "unit"}, {field: "outcome"}],
    },
  };
  const spec = data.facet
    ? {$schema: "https://vega.github.io/schema/vega-lite/v6.json", data: {values: points},
       facet: {field: "measure", type: "nominal", title: null, header: {labelLimit: 220, labelFontSize: 11}},
       columns: 3, spec: {...layer, width: 190, height: 110},
       resolve: {scale: {y: "independent"}, axis: {x: "independent"}}}
    : {$schema: "https://vega.github.io/schema/vega-lite/v6.json", data: {values: points},
       ...layer, width: 520, height: 240};
  // ast: expressions run by vega.expressionInterpreter, not eval (the Content-Security-Policy allows none)
  window.vegaEmbed(holder, spec, {ast: true, actions: {export: true, source: false, compiled: false, editor: false}})
    .then(() => { // vega-embed's menu button is an icon: give it a name
      const summary = holder.querySelector("summary");
      if (summary) summary.setAttribute("aria-label", en ? 'Download the chart (SVG, PNG)' : '下载图表（SVG、PNG）');
    });
})();
