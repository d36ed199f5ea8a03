// Small behaviours of the shell; page features use htmx attributes instead.
(function () {
  "use strict";

  function closeMenus(except) {
    document.querySelectorAll("details.menu[open]").forEach(function (details) {
      if (details !== except) { details.removeAttribute("open"); }
    });
  }

  // The rich-text editor builds its toolbar from Trix.config.lang as it starts:
  // the page gives the translated titles on the editor element.
  document.addEventListener("trix-before-initialize", function (event) {
    var titles = event.target.dataset.lang;
    if (titles && window.Trix) { Object.assign(window.Trix.config.lang, JSON.parse(titles)); }
  });

  // The phone menu: the button shows and hides the whole navigation.
  function setUpMenuToggle() {
    var toggle = document.querySelector(".menu-toggle");
    var menu = document.getElementById("main-menu");
    if (!toggle || !menu) { return; }
    function setOpen(open) {
      menu.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    toggle.addEventListener("click", function () {
      setOpen(!menu.classList.contains("open"));
    });
    document.addEventListener("keydown", function (event) {
      var inside = menu.contains(event.target) || event.target === toggle;
      if (event.key === "Escape" && inside && menu.classList.contains("open")) {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // Dropdowns: one open at a time, closed by a click elsewhere or Escape.
  function setUpDropdowns() {
    document.querySelectorAll("details.menu").forEach(function (details) {
      details.addEventListener("toggle", function () {
        if (details.open) { closeMenus(details); }
      });
    });
    document.addEventListener("click", function (event) {
      document.querySelectorAll("details.menu[open]").forEach(function (details) {
        if (!details.contains(event.target)) { details.removeAttribute("open"); }
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var open = event.target.closest && event.target.closest("details.menu[open]");
      if (open) {
        // Escape closes the innermost thing only: the dropdown, not the menu.
        event.stopImmediatePropagation();
        open.removeAttribute("open");
        open.querySelector("summary").focus();
      }
    });
  }

  // Quick search: results arrive through htmx; the keyboard moves through them.
  function setUpQuickSearch() {
    var form = document.querySelector(".quick-search");
    var input = document.getElementById("qs");
    var results = document.getElementById("qs-results");
    var status = document.getElementById("qs-status");
    if (!form || !input || !results) { return; }

    function hits() { return Array.prototype.slice.call(results.querySelectorAll("a.qs-hit")); }
    function isOpen() { return results.childElementCount > 0; }
    function close() {
      results.innerHTML = "";
      results.hidden = true;
      input.setAttribute("aria-expanded", "false");
      if (status) { status.textContent = ""; }
    }
    function move(from, step) {
      var list = hits();
      var index = list.indexOf(from) + step;
      if (index < 0) { input.focus(); return; }
      if (index < list.length) { list[index].focus(); }
    }

    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target !== results) { return; }
      // An empty answer (empty box) is a bare newline: keep the panel hidden.
      results.hidden = !isOpen();
      input.setAttribute("aria-expanded", isOpen() ? "true" : "false");
      var summary = results.querySelector("[data-summary]");
      if (status) { status.textContent = summary ? summary.dataset.summary : ""; }
    });

    // Enter moves to the first hit, or searches at once when none is shown,
    // instead of leaving the page for the bare results fragment.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = hits()[0];
      if (first) {
        first.focus();
      } else {
        input.dispatchEvent(new Event("qs-submit"));
      }
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && hits().length) {
        event.preventDefault();
        hits()[0].focus();
      } else if (event.key === "Escape" && isOpen()) {
        event.preventDefault();
        close();
      }
    });

    results.addEventListener("keydown", function (event) {
      var hit = event.target.closest("a.qs-hit");
      if (!hit) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        move(hit, event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "Home" || event.key === "End") {
        event.preventDefault();
        var list = hits();
        list[event.key === "Home" ? 0 : list.length - 1].focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
        input.focus();
      }
    });

    document.addEventListener("click", function (event) {
      if (isOpen() && !form.contains(event.target)) { close(); }
    });
  }

  // A bulk-action form shows only the fields its chosen action reads; the
  // server still checks them, so the form works the same without scripts.
  function setUpBulkForms() {
    document.querySelectorAll("form[data-bulk-form]").forEach(function (form) {
      var choice = form.querySelector("select[data-bulk-operation]");
      if (!choice) { return; }
      function show() {
        var option = choice.options[choice.selectedIndex];
        var wanted = ((option && option.dataset.fields) || "").split(" ");
        form.querySelectorAll("[data-bulk-field]").forEach(function (field) {
          field.hidden = wanted.indexOf(field.dataset.bulkField) === -1;
        });
      }
      choice.addEventListener("change", show);
      show();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpDropdowns();
    setUpMenuToggle();
    setUpQuickSearch();
    setUpBulkForms();
    setUpSearchToList();
    setUpAroundMe();
    setUpCompanyPickers();
  });

  // A criterion naming a company: its name is typed and picked from the
  // list ("Name #id"), the hidden field next to it carries the id.
  function setUpCompanyPickers() {
    document.querySelectorAll("[data-company-picker]").forEach(function (field) {
      var shown = field.querySelector("input[type=search]");
      var ident = field.querySelector("input[type=hidden]");
      var list = field.querySelector("datalist");
      var error = field.querySelector("[data-picker-error]");
      if (!shown || !ident || !list) { return; }
      var asked = 0;

      function read() {
        var text = shown.value.trim();
        var picked = /#(\d+)$/.exec(text) || /^(\d+)$/.exec(text);
        ident.value = picked ? picked[1] : "";
        return !text || !!picked;
      }
      function complain(wrong) {
        if (!error) { return; }
        error.hidden = !wrong;
        error.textContent = wrong ? shown.dataset.choose : "";
        shown.setAttribute("aria-invalid", wrong ? "true" : "false");
        field.classList.toggle("has-error", wrong);
      }
      function suggest() {
        var text = shown.value.trim();
        if (text.length < 2 || /#\d+$/.test(text)) { return; }
        var mine = ++asked;
        var url = shown.dataset.pickerUrl + "?q=" + encodeURIComponent(text);
        fetch(url, { credentials: "same-origin" }).then(function (answer) {
          return answer.ok ? answer.text() : "";
        }).then(function (html) {
          if (mine === asked) { list.innerHTML = html; }
        });
      }
      var timer = null;
      shown.addEventListener("input", function () {
        if (read()) { complain(false); }
        clearTimeout(timer);
        timer = setTimeout(suggest, 200);
      });
      shown.addEventListener("change", function () { complain(!read()); });
      if (shown.form) {
        shown.form.addEventListener("submit", function (event) {
          if (!read()) {
            event.preventDefault();
            complain(true);
            shown.focus();
          }
        });
      }
    });
  }

  // "Around me": the browser's position fills the hidden near_lat/near_lon
  // fields, the typed place gives way to it and a radius is proposed.
  function setUpAroundMe() {
    var button = document.querySelector("[data-action=around-me]");
    if (!button || !button.form) { return; }
    var form = button.form;
    var lat = form.querySelector("[name=near_lat]");
    var lon = form.querySelector("[name=near_lon]");
    var near = form.querySelector("[name=near]");
    var radius = form.querySelector("[name=radius_km]");
    var status = form.querySelector("[data-around-me-status]");
    if (!lat || !lon || !status) { return; }

    function say(text, failed) {
      status.textContent = text;
      status.classList.toggle("field-error", !!failed);
      status.classList.toggle("muted", !failed);
      status.setAttribute("role", failed ? "alert" : "status");
    }
    function forget() { lat.value = ""; lon.value = ""; }

    button.addEventListener("click", function () {
      if (!navigator.geolocation) {
        forget();
        say(button.dataset.unavailable, true);
        return;
      }
      say(button.dataset.locating, false);
      navigator.geolocation.getCurrentPosition(function (position) {
        lat.value = position.coords.latitude.toFixed(5);
        lon.value = position.coords.longitude.toFixed(5);
        if (near) { near.value = ""; }
        say(button.dataset.located, false);
        if (radius && !radius.value) {
          radius.value = "10";
          radius.focus();
          radius.select();
        }
      }, function (error) {
        forget();
        var refused = error && error.code === 1;
        say(refused ? button.dataset.refused : button.dataset.unavailable, true);
      }, { timeout: 15000, maximumAge: 300000 });
    });

    // A place typed afterwards replaces the position.
    if (near) {
      near.addEventListener("input", function () {
        if (near.value && lat.value) { forget(); say("", false); }
      });
    }
  }

  // Removing search results needs an existing list: "a new list" has no rows.
  function setUpSearchToList() {
    var form = document.getElementById("search-to-list");
    if (!form) { return; }
    var choice = form.querySelector("select[name=list_id]");
    var remove = form.querySelector("[data-action=remove-from-list]");
    function update() { remove.disabled = choice.value === ""; }
    choice.addEventListener("change", update);
    choice.addEventListener("htmx:afterSwap", update);
    update();
  }

  // A 422 answer carries the form again with its messages: show it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // htmx requests carry the CSRF token the layout puts in a meta tag.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { event.detail.headers["X-CSRF-Token"] = meta.content; }
  });
})();
