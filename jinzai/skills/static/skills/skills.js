/* スキル: draws the charts of the skills pages from JSON embedded with json_script.
   Every chart has the same numbers in a table next to it; without JavaScript only the tables show. */
(function () {
  "use strict";

  var BLUE = "#0031D8";
  var GREEN = "#197A4B";
  var ORANGE = "#C74700";

  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function setup() {
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.font.size = 14;
    window.Chart.defaults.color = "#333333";
  }

  function percentAxis() {
    return { min: 0, max: 100, ticks: { callback: function (v) { return v + "％"; } } };
  }

  function rateChart() {
    var canvas = document.getElementById("rate-chart");
    var data = read("rate-chart-data");
    if (!canvas || !data) return;
    canvas.parentNode.style.height = Math.max(240, data.labels.length * 34 + 80) + "px";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: "回答率", data: data.answered, backgroundColor: BLUE },
          { label: "確認率", data: data.confirmed, backgroundColor: GREEN }
        ]
      },
      options: {
        indexAxis: "y",
        animation: false,
        maintainAspectRatio: false,
        scales: { x: percentAxis() },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + c.parsed.x + "％"; } } }
        }
      }
    });
  }

  function itemChart() {
    var canvas = document.getElementById("item-chart");
    var data = read("item-chart-data");
    if (!canvas || !data) return;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: "平均レベル", data: data.data, backgroundColor: BLUE }]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { y: { min: 0, max: data.max, ticks: { stepSize: 1 } } },
        plugins: { legend: { display: false } }
      }
    });
  }

  function trendCharts() {
    var canvases = document.querySelectorAll("canvas.skill-trend");
    Array.prototype.forEach.call(canvases, function (canvas) {
      var data = read(canvas.getAttribute("data-source"));
      if (!data) return;
      new window.Chart(canvas, {
        type: "line",
        data: {
          labels: data.labels,
          datasets: [{
            label: "平均レベル", data: data.data, borderColor: ORANGE, backgroundColor: ORANGE,
            pointRadius: 6, borderWidth: 3, tension: 0, spanGaps: true
          }]
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          scales: { y: { min: 1, max: data.max, ticks: { stepSize: 1 } }, x: { offset: true } },
          plugins: { legend: { display: false } }
        }
      });
    });
  }

  function draw() {
    if (typeof window.Chart === "undefined") return;
    setup();
    rateChart();
    itemChart();
    trendCharts();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
