/* talent: the DX career ladder (horizontal bars) and the concentration trend (line + bars). The data come
   from <script type="application/json"> blocks; the same numbers are in the tables beside the charts, and
   without JavaScript only the tables show. */
(function () {
  "use strict";

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function defaults() {
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.font.size = 14;
    window.Chart.defaults.color = "#333333";
  }

  function ladder() {
    var d = data("ladder-chart-data");
    var canvas = document.getElementById("ladder-chart");
    if (!d || !canvas) return;
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: d.labels, datasets: [{ label: "人数", data: d.data, backgroundColor: "#0031D8", maxBarThickness: 28 }] },
      options: {
        indexAxis: "y",
        animation: false,
        maintainAspectRatio: false,
        scales: { x: { beginAtZero: true, ticks: { precision: 0, callback: function (v) { return v + "名"; } } } },
        plugins: { legend: { display: false } }
      }
    });
  }

  function risk() {
    var d = data("risk-chart-data");
    var canvas = document.getElementById("risk-chart");
    if (!d || !canvas) return;
    new window.Chart(canvas, {
      data: {
        labels: d.labels,
        datasets: [
          { type: "line", label: "集中度（左の目盛り）", data: d.index, borderColor: "#C74700", backgroundColor: "#C74700", yAxisID: "y", tension: 0, spanGaps: true },
          { type: "bar", label: "担い手が1人以下の業務（右の目盛り・件）", data: d.single, backgroundColor: "#0031D880", yAxisID: "y1", maxBarThickness: 24 }
        ]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          y: { min: 0, max: 1, position: "left", title: { display: true, text: "集中度" } },
          y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, ticks: { precision: 0 }, title: { display: true, text: "件" } }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  function draw() {
    if (typeof window.Chart === "undefined") return;
    defaults();
    ladder();
    risk();
  }

  if (document.readyState !== "loading") draw();
  else document.addEventListener("DOMContentLoaded", draw);
})();
