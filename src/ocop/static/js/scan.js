// Opt-in: on the shopper's tap only, send where this stamp was scanned (rounded to ~1 km on
// the server). Nothing is sent without the tap and the browser's own permission prompt.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("share-location");
  if (!button || !navigator.geolocation) {
    if (button) button.hidden = true;
    return;
  }
  button.hidden = false;
  button.addEventListener("click", () => {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const body = new FormData();
        body.append("gtin", button.dataset.gtin);
        body.append("serial", button.dataset.serial);
        body.append("lat", position.coords.latitude.toFixed(4));
        body.append("lng", position.coords.longitude.toFixed(4));
        fetch(button.dataset.endpoint, { method: "POST", body, credentials: "omit" }).then(
          (response) => { button.textContent = response.ok ? button.dataset.done : button.dataset.failed; },
          () => { button.textContent = button.dataset.failed; },
        );
      },
      () => { button.textContent = button.dataset.failed; },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 },
    );
  });
});
