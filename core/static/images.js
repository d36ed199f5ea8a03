// Logo and photo forms: drop an image on the zone, or pick one, and it is sent.
(function () {
  "use strict";

  function send(form, files) {
    var input = form.querySelector('input[type="file"]');
    if (!files || !files.length || !input) { return; }
    if (input.files !== files) { input.files = files; }
    form.classList.add("sending");
    form.requestSubmit();
  }

  document.querySelectorAll("form[data-drop-zone]").forEach(function (form) {
    if (form.dataset.ready) { return; }
    form.dataset.ready = "1";
    ["dragenter", "dragover"].forEach(function (name) {
      form.addEventListener(name, function (event) {
        event.preventDefault();
        form.classList.add("dragging");
      });
    });
    form.addEventListener("dragleave", function () {
      form.classList.remove("dragging");
    });
    form.addEventListener("drop", function (event) {
      event.preventDefault();
      form.classList.remove("dragging");
      send(form, event.dataTransfer && event.dataTransfer.files);
    });
    var input = form.querySelector('input[type="file"]');
    // On the sheet the zone has no button: picking a file sends it at once.
    if (input && !form.querySelector('button[type="submit"]:not(noscript *)')) {
      input.addEventListener("change", function () { send(form, input.files); });
    }
  });
})();
