// Scheme editor: "采用建议" (POST-13) copies the suggested professional grades into the grid, then lets htmx
// re-check (the inputs carry hx-trigger="input changed delay:300ms"). Loaded from our origin (CSP: no inline script).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".js-apply-suggestion") : null;
    if (!button) { return; }
    event.preventDefault();
    var values;
    try { values = JSON.parse(button.getAttribute("data-suggestion") || "{}"); } catch (e) { return; }
    var form = document.getElementById("scheme-form");
    if (!form) { return; }
    var last = null;
    Object.keys(values).forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (!input) { return; }
      var value = String(values[name]);
      if (input.value !== value) {
        input.value = value;
        input.classList.add("changed");
        last = input;
      }
    });
    if (last) {
      last.dispatchEvent(new Event("input", { bubbles: true }));
    }
    var status = document.getElementById("suggestion-status");
    if (status) { status.hidden = false; }
  });
})();
