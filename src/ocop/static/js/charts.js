// Dashboard charts without inline script (CSP): each <canvas data-chart="key"> is drawn
// from the JSON data block "chart-data" ({key: {kind, labels, series}}) with Chart.js.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  // Colour-blind-safe palette (Okabe–Ito); 3★, 4★, 5★ keep the same colours everywhere.
  const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"];
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const chart = data[canvas.dataset.chart];
    if (!chart) return;
    const stacked = chart.kind === "stacked";
    const type = stacked ? "bar" : chart.kind;
    const datasets = chart.series.map((s, i) => ({
      label: s.label,
      data: s.data,
      backgroundColor: type === "doughnut" ? palette : palette[i % palette.length],
      borderColor: type === "line" ? palette[i % palette.length] : undefined,
      tension: 0.2,
    }));
    const scales = type === "doughnut" ? {} : {
      x: { stacked: stacked },
      y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } },
    };
    canvas.chart = new Chart(canvas, {
      type: type,
      data: { labels: chart.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: canvas.dataset.horizontal ? "y" : "x",
        scales: canvas.dataset.horizontal ? { x: scales.y, y: scales.x } : scales,
        plugins: { legend: { display: chart.series.length > 1 || type === "doughnut" } },
      },
    });
    canvas.dataset.drawn = "1";
  });
});
