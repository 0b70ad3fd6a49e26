// Ruang kerja zi-decree: a form that starts long work (a package) says so and is not sent twice.
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  var busy = form.getAttribute("data-busy");
  if (!busy) { return; }
  var button = form.querySelector("button[type=submit]");
  if (button) {
    if (button.getAttribute("aria-disabled") === "true") { event.preventDefault(); return; }
    button.setAttribute("aria-disabled", "true");
    button.textContent = busy;
  }
});
// The edit form: Enter in the catalogue search searches (the form's first button, Simpan, would save).
document.addEventListener("keydown", function (event) {
  var field = event.target;
  if (event.key !== "Enter" || !field.getAttribute || !field.getAttribute("data-enter")) { return; }
  var button = document.getElementById(field.getAttribute("data-enter"));
  if (button) { event.preventDefault(); button.click(); }
});
