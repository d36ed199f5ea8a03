// Follow-up reminders: a sound and a notification when a follow-up falls due.
// The server lists the follow-ups due in the last minutes; each one rings
// once per browser (remembered in localStorage under its id and time).
(function () {
  "use strict";

  var script = document.currentScript;
  var url = script && script.dataset.url;
  if (!url || !window.fetch) { return; }
  var PERIOD = 60 * 1000;

  function seen(key) {
    try { return window.localStorage.getItem("relais-reminded-" + key) === "1"; }
    catch (error) { return false; }
  }
  function remember(key) {
    try { window.localStorage.setItem("relais-reminded-" + key, "1"); }
    catch (error) { /* private browsing: ring again next time */ }
  }

  function ring() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
    try {
      var context = new Context();
      var tone = context.createOscillator();
      var gain = context.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, context.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + 0.8);
      tone.connect(gain);
      gain.connect(context.destination);
      tone.start();
      tone.stop(context.currentTime + 0.8);
    } catch (error) { /* no sound device */ }
  }

  function notify(reminder) {
    document.dispatchEvent(new CustomEvent("relais:reminder", { detail: reminder }));
    if (!("Notification" in window) || Notification.permission !== "granted") { return; }
    var notification = new Notification(reminder.subject, {
      body: reminder.at, tag: "relais-" + reminder.key
    });
    notification.onclick = function () { window.focus(); window.location = reminder.url; };
  }

  var timer = null;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.enabled) { window.clearInterval(timer); return; }
        var fresh = data.reminders.filter(function (r) { return !seen(r.key); });
        if (fresh.length) { ring(); }
        fresh.forEach(function (reminder) { remember(reminder.key); notify(reminder); });
      })
      .catch(function () { /* offline: try again at the next tick */ });
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest("[data-enable-notifications]")) { return; }
    if ("Notification" in window) { Notification.requestPermission(); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    poll();
    timer = window.setInterval(poll, PERIOD);
  });
})();
