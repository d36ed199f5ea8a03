// The agenda: FullCalendar on the events endpoint, drag and drop, new actions
// from a slot. The calendar runs in "UTC" and the server sends wall-clock
// times of the user's zone, so what is shown is the user's local time.
(function () {
  "use strict";

  function wall(date) { return date.toISOString().slice(0, 19); }

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("agenda");
    if (!element || !window.FullCalendar) { return; }
    var filters = document.getElementById("agenda-filters");
    var status = document.getElementById("agenda-status");
    var labels = JSON.parse(element.dataset.labels || "{}");

    function say(text) {
      if (status) { status.textContent = text; }
    }

    function query(info) {
      var params = new URLSearchParams();
      params.set("start", wall(info.start));
      params.set("end", wall(info.end));
      var types = Array.prototype.slice.call(filters.querySelectorAll("[data-agenda-type]"));
      params.set("types", types.filter(function (b) { return b.checked; })
        .map(function (b) { return b.value; }).join(",") || "0");
      params.set("follow_ups", filters.querySelector("#f-follow-ups").checked ? "1" : "0");
      ["user", "team"].forEach(function (name) {
        var select = filters.querySelector('[name="' + name + '"]');
        if (select && select.value) { params.set(name, select.value); }
      });
      return params;
    }

    function move(info) {
      var body = new URLSearchParams();
      body.set("action", info.event.extendedProps.actionId);
      body.set("kind", info.event.extendedProps.kind);
      body.set("start", wall(info.event.start));
      if (info.event.end) { body.set("end", wall(info.event.end)); }
      fetch(element.dataset.move, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf(), Accept: "application/json" },
        body: body
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (answer) {
        if (!answer.ok) {
          info.revert();
          say(answer.data.error || labels.refused);
          return;
        }
        say(labels.moved);
        element.dataset.lastMove = info.event.id;
        calendar.refetchEvents();
      }).catch(function () { info.revert(); say(labels.refused); });
    }

    // On a phone the title gets a row of its own and the view buttons go below
    // the calendar: one toolbar row would squeeze the title onto five lines and
    // push the "Day" button off the screen.
    var phone = window.matchMedia("(max-width: 760px)");
    function toolbars() {
      if (phone.matches) {
        return {
          header: { left: "title", center: "", right: "prev,next today" },
          footer: { left: "", center: "dayGridMonth,timeGridWeek,timeGridDay", right: "" }
        };
      }
      return {
        header: { left: "prev,next today", center: "title",
                  right: "dayGridMonth,timeGridWeek,timeGridDay" },
        footer: false
      };
    }

    var calendar = new FullCalendar.Calendar(element, {
      timeZone: "UTC",
      initialView: "timeGridWeek",
      firstDay: 1,
      height: "auto",
      nowIndicator: true,
      slotMinTime: "07:00:00",
      slotMaxTime: "21:00:00",
      headerToolbar: toolbars().header,
      footerToolbar: toolbars().footer,
      buttonText: { today: labels.today, month: labels.month, week: labels.week, day: labels.day },
      locale: element.dataset.locale,
      selectable: true,
      editable: true,
      events: function (info, success, failure) {
        fetch(element.dataset.events + "?" + query(info).toString(), {
          credentials: "same-origin", headers: { Accept: "application/json" }
        }).then(function (response) { return response.json(); })
          .then(function (events) { success(events); element.dataset.loaded = "1"; })
          .catch(failure);
      },
      eventDidMount: function (info) {
        info.el.dataset.event = info.event.id;
        info.el.dataset.kind = info.event.extendedProps.kind;
      },
      eventDrop: move,
      eventResize: move,
      select: function (info) {
        var params = new URLSearchParams();
        // A day picked in the month view opens at nine.
        params.set("start", info.allDay ? wall(info.start).slice(0, 10) + "T09:00:00" : wall(info.start));
        if (!info.allDay) { params.set("end", wall(info.end)); }
        window.location = element.dataset.new + "?" + params.toString();
      }
    });
    calendar.render();
    phone.addEventListener("change", function () {
      calendar.setOption("headerToolbar", toolbars().header);
      calendar.setOption("footerToolbar", toolbars().footer);
    });
    window.relaisAgenda = calendar;
    filters.addEventListener("change", function () { calendar.refetchEvents(); });
  });
})();
