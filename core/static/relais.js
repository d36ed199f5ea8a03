// Small behaviours of the shell; page features use htmx attributes instead.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".menu-toggle");
    var menu = document.getElementById("main-menu");
    if (toggle && menu) {
      toggle.addEventListener("click", function () {
        var open = menu.classList.toggle("open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
    // One open dropdown at a time, closed by a click elsewhere.
    document.addEventListener("click", function (event) {
      document.querySelectorAll("details.menu[open]").forEach(function (details) {
        if (!details.contains(event.target)) { details.removeAttribute("open"); }
      });
    });
  });

  // htmx requests carry the CSRF token the layout puts in a meta tag.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { event.detail.headers["X-CSRF-Token"] = meta.content; }
  });
})();
