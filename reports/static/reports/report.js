// Draws the council report's charts from the JSON the page embeds (no inline script, CSP-friendly).
(function () {
  "use strict";
  var source = document.getElementById("kz-report-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  // Colour-blind-safe palette that stays distinguishable in greyscale print.
  var colours = ["#0f4c81", "#d1495b", "#edae49", "#00798c"];
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function datasets(table, kind) {
    return data.series.map(function (series, index) {
      return {
        label: series.label,
        data: table.values[series.key],
        backgroundColor: colours[index % colours.length],
        borderColor: colours[index % colours.length],
        fill: false,
        tension: 0.2,
        type: kind,
      };
    });
  }

  var charts = [];
  function draw(id, kind, table, options) {
    var canvas = document.getElementById(id);
    if (!canvas) {
      return;
    }
    charts.push(
      new Chart(canvas, {
        type: kind,
        data: { labels: table.labels, datasets: datasets(table, kind) },
        options: Object.assign({ responsive: true, plugins: { legend: { position: "bottom" } } }, options || {}),
      })
    );
  }

  draw("kz-chart-measure", "bar", data.by_measure, {
    indexAxis: "y",
    scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } },
  });
  draw("kz-chart-country", "bar", data.by_country, {
    scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0 } } },
  });
  draw("kz-chart-month", "line", data.by_month, { scales: { y: { ticks: { precision: 0 } } } });

  // Canvas charts must be resized to the printed page width before printing.
  window.addEventListener("beforeprint", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
  var printButton = document.querySelector("[data-kz-print]");
  if (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  }
})();
