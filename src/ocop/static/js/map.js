// Leaflet maps without inline script (CSP): a container with data-tiles, and the points
// in a json_script element named by its id + "-points" (scan-map → scan-points).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-tiles]").forEach((element) => {
    const source = document.getElementById(element.id.replace(/-map$/, "-points"));
    const points = source ? JSON.parse(source.textContent) : [];
    const map = L.map(element);
    L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
    const markers = points.map((p) => L.marker([p.lat, p.lng]).bindPopup(p.label).addTo(map));
    if (markers.length) {
      map.fitBounds(L.featureGroup(markers).getBounds().pad(0.2));
    } else {
      map.setView([16.0, 106.0], 5); // Việt Nam
    }
  });
});
