/* 育成目標レベル: draws the assessed-level history (one line per talent type) from #level-chart-data.
   The same numbers are in the table below the chart; without JavaScript only the table shows. */
(function () {
  "use strict";

  var COLOURS = ["#0031D8", "#197A4B", "#C74700", "#6F23D0", "#00758F", "#A8005C"];
  var POINTS = ["circle", "rect", "triangle", "rectRot", "crossRot", "star"];
  var DASHES = [[], [6, 4], [2, 3], [10, 4, 2, 4], [], [6, 4]];

  function draw() {
    var source = document.getElementById("level-chart-data");
    var canvas = document.getElementById("level-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.font.size = 14;
    window.Chart.defaults.color = "#333333";
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, i) {
          var colour = COLOURS[i % COLOURS.length];
          return {
            label: set.label,
            data: set.data,
            borderColor: colour,
            backgroundColor: colour,
            borderDash: DASHES[i % DASHES.length],
            pointStyle: POINTS[i % POINTS.length],
            pointRadius: 6,
            pointHoverRadius: 8,
            borderWidth: 3,
            spanGaps: true,
            tension: 0
          };
        })
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        interaction: { mode: "nearest", intersect: false },
        scales: {
          y: {
            min: 0.5,
            max: 5.5,
            afterBuildTicks: function (axis) {
              axis.ticks = [1, 2, 3, 4, 5].map(function (v) { return { value: v }; });
            },
            ticks: { callback: function (value) { return "レベル" + value; } }
          },
          x: { offset: true }
        },
        plugins: {
          legend: { position: "bottom", labels: { usePointStyle: true, padding: 16 } },
          tooltip: {
            callbacks: {
              label: function (ctx) { return ctx.dataset.label + ": レベル" + ctx.parsed.y; }
            }
          }
        }
      }
    });
  }

  if (document.readyState !== "loading") draw();
  else document.addEventListener("DOMContentLoaded", draw);
})();
