/* Charts of the prefecture hub (Chart.js 4, vendored). Each <canvas data-region-chart="ID"> reads its numbers
   from the <script type="application/json" id="ID"> written by Django's json_script; the same numbers are
   in a table next to the chart. Horizontal grouped bars, one group per municipality (or per figure). */
(function () {
  "use strict";

  function css(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  var COLORS = [["--color-primitive-blue-900", "#0017c1"], ["--color-primitive-green-800", "#197a4b"], ["--color-primitive-orange-800", "#c74700"]];

  function draw() {
    if (!window.Chart) return;
    window.Chart.defaults.font.family = css("--font-jp", "sans-serif");
    window.Chart.defaults.color = css("--color-neutral-solid-gray-800", "#333");
    document.querySelectorAll("canvas[data-region-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.regionChart);
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var groups = data.labels.length;
      var perGroup = 14 * data.series.length + 14;
      canvas.parentElement.style.height = Math.max(220, groups * perGroup + 90) + "px";
      var datasets = data.series.map(function (s, i) {
        var c = css(COLORS[i % COLORS.length][0], COLORS[i % COLORS.length][1]);
        return { label: s.label, data: s.values, backgroundColor: c, borderColor: c, borderWidth: 1, barPercentage: 0.9, categoryPercentage: 0.85 };
      });
      new window.Chart(canvas, {
        type: "bar",
        data: { labels: data.labels, datasets: datasets },
        options: {
          indexAxis: "y",
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: {
            legend: { position: "bottom", labels: { boxWidth: 14, padding: 16, font: { size: 13 } } },
            tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + "：" + (ctx.parsed.x === null ? "—" : ctx.parsed.x.toLocaleString("ja-JP") + data.unit); } } }
          },
          scales: {
            x: { min: 0, max: data.unit === "%" ? 100 : undefined, ticks: { callback: function (v) { return v + data.unit; } }, grid: { color: css("--color-neutral-solid-gray-100", "#e6e6e6") } },
            y: { grid: { display: false }, ticks: { font: { size: 13 } } }
          }
        }
      });
      canvas.dataset.drawn = "1";
    });
  }

  if (document.readyState !== "loading") draw();
  else document.addEventListener("DOMContentLoaded", draw);
})();
