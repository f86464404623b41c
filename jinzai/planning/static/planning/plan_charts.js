/* Plan dashboard charts (Chart.js 4, vendored). Each <canvas data-chart="ID"> reads its numbers from the
   <script type="application/json" id="ID"> written by Django's json_script; the same numbers are in a table
   next to the chart. Targets: 目安 (dashed) and 実績 (solid) per fiscal year. data-kind="levels": grouped bars per
   talent type on a 1–5 scale. */
(function () {
  "use strict";

  function css(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function formatter(unit) {
    return function (value) {
      if (value === null || value === undefined) return "—";
      var digits = unit === "レベル" ? 1 : (unit === "%" ? 2 : 0);
      var n = Number(value).toLocaleString("ja-JP", { maximumFractionDigits: digits });
      return unit === "レベル" ? "レベル" + n : n + unit;
    };
  }

  function baseOptions(unit, min, max) {
    var fmt = formatter(unit);
    var y = { beginAtZero: unit !== "レベル", ticks: { callback: fmt, precision: unit === "%" ? undefined : 0, maxTicksLimit: 7 }, grid: { color: css("--color-neutral-solid-gray-100", "#e6e6e6") } };
    if (min !== null && min !== undefined) y.min = min;
    if (max !== null && max !== undefined) y.max = max;
    if (unit === "レベル") {
      // whole levels only, with a little room so a line at レベル1 or レベル5 stays visible
      y.min = 0.6;
      y.max = 5.4;
      y.afterBuildTicks = function (axis) { axis.ticks = [1, 2, 3, 4, 5].map(function (v) { return { value: v }; }); };
    }
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { position: "bottom", labels: { usePointStyle: true, pointStyleWidth: 14, boxHeight: 9, padding: 18, font: { size: 13 }, sort: function (a, b) { return a.datasetIndex - b.datasetIndex; } } },
        tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + "：" + fmt(ctx.parsed.y); } } }
      },
      scales: { x: { grid: { display: false }, ticks: { font: { size: 12 } } }, y: y }
    };
  }

  function targetChart(canvas, data) {
    var blue = css("--color-primitive-blue-900", "#0017c1");
    var gray = css("--color-neutral-solid-gray-500", "#7f7f7f");
    var max = data.max;
    if (max === null || max === undefined) {
      var values = data.expected.concat(data.actual).concat([data.final]).filter(function (v) { return v !== null; });
      max = undefined;
      if (values.length && Math.max.apply(null, values) === 0) max = 1;
    }
    return new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: "目安", data: data.expected, order: 2, borderColor: gray, backgroundColor: gray, borderDash: [6, 4], pointStyle: "rectRot", pointRadius: 4, borderWidth: 2, spanGaps: true },
          { label: "実績", data: data.actual, order: 1, borderColor: blue, backgroundColor: blue, pointRadius: 6, borderWidth: 3, spanGaps: false }
        ]
      },
      options: baseOptions(data.unit, data.min, max)
    });
  }

  var PALETTE = ["--color-primitive-blue-900", "--color-primitive-green-800", "--color-primitive-orange-800", "--color-primitive-purple-800", "--color-primitive-cyan-900"];
  var FALLBACK = ["#0017c1", "#197a4b", "#c74700", "#6f23d0", "#006f83"];

  function levelChart(canvas, data) {
    // grouped bars: one per talent type and year, so types at the same level stand side by side
    var datasets = data.series.map(function (s, i) {
      var color = css(PALETTE[i % PALETTE.length], FALLBACK[i % FALLBACK.length]);
      return { label: s.label, data: s.values, borderColor: color, backgroundColor: color, borderWidth: 1, maxBarThickness: 32, categoryPercentage: 0.8, barPercentage: 0.9 };
    });
    var options = baseOptions("レベル");
    options.scales.y.min = 0;
    options.scales.y.max = 5;
    options.plugins.legend.labels.usePointStyle = false;
    return new window.Chart(canvas, { type: "bar", data: { labels: data.labels, datasets: datasets }, options: options });
  }

  function draw() {
    if (!window.Chart) return;
    window.Chart.defaults.font.family = css("--font-jp", "sans-serif");
    window.Chart.defaults.color = css("--color-neutral-solid-gray-800", "#333");
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) return;
      var data = JSON.parse(source.textContent);
      if (canvas.dataset.kind === "levels") levelChart(canvas, data);
      else targetChart(canvas, data);
      canvas.dataset.drawn = "1";
    });
  }

  if (document.readyState !== "loading") draw();
  else document.addEventListener("DOMContentLoaded", draw);
})();
