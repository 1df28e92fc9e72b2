// Small behaviours of the back office. Loaded as a file so the CSP needs no 'unsafe-inline'.
document.addEventListener("DOMContentLoaded", () => {
  // Enterprise legal form is only relevant for enterprises.
  const kind = document.getElementById("id_kind");
  const legal = document.getElementById("id_legal_form");
  if (kind && legal) {
    const sync = () => {
      const wrap = legal.closest(".mb-3");
      if (wrap) wrap.hidden = kind.value !== "enterprise";
    };
    kind.addEventListener("change", sync);
    sync();
  }
  // Filter forms: changing the province reloads the commune choices.
  document.querySelectorAll("form.filter-bar select[name=province]").forEach((select) => {
    select.addEventListener("change", () => {
      const commune = select.form.querySelector("select[name=commune]");
      if (commune) commune.value = "";
      select.form.requestSubmit();
    });
  });
  // Buttons that print the page.
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
});

// Criteria sheets: show part, group and total subtotals as options are ticked.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-sheet]").forEach((sheet) => {
    const update = () => {
      const parts = {};
      const groups = {};
      let total = 0;
      sheet.querySelectorAll("fieldset.criterion").forEach((criterion) => {
        const ticked = criterion.querySelector("input[type=radio]:checked");
        const points = ticked ? Number(ticked.dataset.points) : 0;
        parts[criterion.dataset.part] = (parts[criterion.dataset.part] || 0) + points;
        groups[criterion.dataset.group] = (groups[criterion.dataset.group] || 0) + points;
        total += points;
      });
      sheet.querySelectorAll("[data-part-total]").forEach((el) => {
        el.textContent = parts[el.dataset.partTotal] || 0;
      });
      sheet.querySelectorAll("[data-group-total]").forEach((el) => {
        el.textContent = groups[el.dataset.groupTotal] || 0;
      });
      sheet.querySelectorAll("[data-sheet-total]").forEach((el) => {
        el.textContent = total;
      });
    };
    sheet.addEventListener("change", update);
    update();
  });
});

// Inspection form: fill the GPS fields from the device's position.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-geolocate]").forEach((button) => {
    button.addEventListener("click", () => {
      if (!navigator.geolocation) return;
      navigator.geolocation.getCurrentPosition((position) => {
        const lat = document.getElementById("id_latitude");
        const lon = document.getElementById("id_longitude");
        if (lat) lat.value = position.coords.latitude.toFixed(6);
        if (lon) lon.value = position.coords.longitude.toFixed(6);
      });
    });
  });
});
