/* 育成目標レベル: draws the assessed-level history from #level-chart-data as grouped bars (one bar per
   talent type in each fiscal year), so two types at the same level both show. The same numbers are in
   the table below the chart; without JavaScript only the table shows. */
(function () {
  "use strict";

  var COLOURS = ["#0031D8", "#197A4B", "#C74700", "#6F23D0", "#00758F", "#A8005C"];

  function draw() {
    var source = document.getElementById("level-chart-data");
    var canvas = document.getElementById("level-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.font.size = 14;
    window.Chart.defaults.color = "#333333";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, i) {
          var colour = COLOURS[i % COLOURS.length];
          return {
            label: set.label,
            data: set.data,
            borderColor: colour,
            backgroundColor: colour + (i % 2 ? "B3" : ""),
            borderWidth: 2,
            borderSkipped: false,
            maxBarThickness: 36,
            categoryPercentage: 0.8,
            barPercentage: 0.9
          };
        })
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        interaction: { mode: "index", intersect: false },
        scales: {
          y: {
            min: 0,
            max: 5,
            afterBuildTicks: function (axis) {
              axis.ticks = [1, 2, 3, 4, 5].map(function (v) { return { value: v }; });
            },
            ticks: { callback: function (value) { return "レベル" + value; } }
          },
          x: { offset: true }
        },
        plugins: {
          legend: { position: "bottom", labels: { padding: 16 } },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                return ctx.dataset.label + ": " + (ctx.parsed.y === null ? "評価なし" : "レベル" + ctx.parsed.y);
              }
            }
          }
        }
      }
    });
  }

  if (document.readyState !== "loading") draw();
  else document.addEventListener("DOMContentLoaded", draw);
})();
