// The action form: its steps, the contact picker, the follow-up default.
(function () {
  "use strict";

  function setUpWizard(form) {
    var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
    var previous = form.querySelector("[data-wizard=previous]");
    var next = form.querySelector("[data-wizard=next]");
    if (steps.length < 2) { return; }
    var current = 0;
    function show(index) {
      current = Math.max(0, Math.min(index, steps.length - 1));
      steps.forEach(function (step, i) { step.hidden = i !== current; });
      form.querySelectorAll("[data-step-link]").forEach(function (link) {
        var on = link.dataset.stepLink === steps[current].dataset.step;
        link.setAttribute("aria-current", on ? "step" : "false");
      });
      previous.hidden = current === 0;
      next.hidden = current === steps.length - 1;
    }
    previous.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    form.querySelectorAll("[data-step-link]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        show(steps.findIndex(function (s) { return s.dataset.step === link.dataset.stepLink; }));
      });
    });
    // A field with an error opens the step holding it.
    var invalid = form.querySelector(".has-error");
    show(invalid ? steps.findIndex(function (s) { return s.contains(invalid); }) : 0);
  }

  function setUpContactPicker(form) {
    var picker = form.querySelector("[data-contact-picker]");
    if (!picker) { return; }
    var chosen = picker.querySelector("#chosen-contacts");
    var search = picker.querySelector("#f-contact-search");
    var hits = picker.querySelector("#contact-hits");
    picker.addEventListener("click", function (event) {
      var hit = event.target.closest("[data-pick-contact]");
      if (!hit) { return; }
      var id = hit.dataset.pickContact;
      var box = chosen.querySelector('input[value="' + id + '"]');
      if (!box) {
        var item = document.createElement("li");
        var label = document.createElement("label");
        box = document.createElement("input");
        box.type = "checkbox";
        box.name = "contacts";
        box.value = id;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + hit.dataset.label));
        item.appendChild(label);
        chosen.appendChild(item);
      }
      box.checked = true;
      // The budget step offers the budgets of the contacts chosen.
      box.dispatchEvent(new Event("change", { bubbles: true }));
      hits.innerHTML = "";
      search.value = "";
      search.focus();
    });
    // Enter in the search box picks the first hit instead of saving the form.
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      event.preventDefault();
      var first = hits.querySelector("[data-pick-contact]");
      if (first) { first.click(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("action-form");
    if (!form) { return; }
    setUpWizard(form);
    setUpContactPicker(form);
    // Enter in the budget search narrows the list; it does not save the form.
    var budgetSearch = form.querySelector("#f-budget-search");
    if (budgetSearch) {
      budgetSearch.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); }
      });
    }
    var noFollowUp = form.querySelector("#f-no_follow_up");
    var followUp = form.querySelector("#f-follow_up");
    if (noFollowUp && followUp) {
      var sync = function () { followUp.disabled = noFollowUp.checked; };
      noFollowUp.addEventListener("change", sync);
      sync();
    }
  });
})();
