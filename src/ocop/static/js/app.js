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
