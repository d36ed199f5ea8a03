// Home charts: each canvas names the JSON endpoint of its figures.
// Every chart panel includes this file; it runs once and loads Chart.js once.
(function () {
  "use strict";
  if (window.relaisDashboard) { return; }
  window.relaisDashboard = true;

  var script = document.currentScript;

  function datasets(chartType, data) {
    return data.datasets.filter(function (set) {
      // The opportunity count stays in the table: it has another scale.
      return set.key !== "count";
    }).map(function (set) {
      return { label: set.label, data: set.data.map(Number), key: set.key };
    });
  }

  // Axes and tooltips write numbers the page's way ("100 000" in French),
  // not the browser's: Chart.js formats with Intl.NumberFormat in this locale.
  function pageLocale() {
    var lang = document.documentElement.lang;
    try {
      return lang ? Intl.NumberFormat.supportedLocalesOf([lang])[0] : undefined;
    } catch (error) {
      return undefined;
    }
  }

  function options(chartType, sets) {
    var stacked = sets.some(function (set) { return set.key === "done"; });
    // The box around the canvas sets the height, so the charts fit the screen.
    if (chartType === "doughnut") {
      return { responsive: true, maintainAspectRatio: false, locale: pageLocale() };
    }
    return {
      responsive: true,
      maintainAspectRatio: false,
      locale: pageLocale(),
      scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true } }
    };
  }

  function draw(canvas) {
    var chartType = canvas.dataset.chartType || "bar";
    fetch(canvas.dataset.chartSrc, {
      headers: { "Accept": "application/json" }, credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      var sets = datasets(chartType, data);
      canvas.chart = new window.Chart(canvas, {
        type: chartType,
        data: { labels: data.labels, datasets: sets },
        options: options(chartType, sets)
      });
      canvas.dataset.drawn = "1";
    }).catch(function () {
      // The table beside the chart still holds every figure.
      var details = canvas.parentNode.querySelector("details");
      if (details) { details.open = true; }
      canvas.hidden = true;
    });
  }

  function start() {
    var canvases = document.querySelectorAll("canvas[data-chart-src]");
    if (!canvases.length) { return; }
    var loader = document.createElement("script");
    loader.src = script.dataset.chartjs;
    loader.onload = function () { canvases.forEach(draw); };
    document.head.appendChild(loader);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
