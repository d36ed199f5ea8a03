// The status kanban: dragging a card to another column changes its status.
// Amounts travel as decimal strings and are summed in whole cents, so the
// column totals shown after a drop are the server's figures to the cent.
(function () {
  "use strict";

  function cents(text) {
    var parts = String(text || "0").split(".");
    var whole = parseInt(parts[0], 10) || 0;
    var fraction = parseInt(((parts[1] || "") + "00").slice(0, 2), 10) || 0;
    return whole * 100 + (whole < 0 ? -fraction : fraction);
  }

  function setUp(board) {
    var formatter = new Intl.NumberFormat(board.dataset.locale || "fr-FR", {
      style: "currency", currency: "EUR"
    });
    var status = document.getElementById("kanban-status");
    var token = document.querySelector('meta[name="csrf-token"]').content;

    function euros(amount) { return formatter.format(amount / 100); }

    function refresh() {
      var count = 0, total = 0, weighted = 0;
      board.querySelectorAll(".board-column").forEach(function (column) {
        var cards = column.querySelectorAll(".pipe-card");
        var columnTotal = 0, columnWeighted = 0;
        cards.forEach(function (card) {
          columnTotal += cents(card.dataset.total);
          columnWeighted += cents(card.dataset.weighted);
        });
        var head = column.querySelector("[data-column-totals]");
        head.querySelector('[data-total="count"]').textContent = cards.length;
        head.querySelector('[data-total="total"]').textContent = euros(columnTotal);
        head.querySelector('[data-total="weighted"]').textContent = euros(columnWeighted);
        count += cards.length; total += columnTotal; weighted += columnWeighted;
      });
      var top = document.querySelector("[data-totals]");
      if (top) {
        top.querySelector('[data-total="count"]').textContent = count;
        top.querySelector('[data-total="total"]').textContent = euros(total);
        top.querySelector('[data-total="weighted"]').textContent = euros(weighted);
      }
    }

    function moved(event) {
      var card = event.item;
      if (event.from === event.to) { return; }
      var column = event.to.closest(".board-column");
      var body = new URLSearchParams({ status_id: column.dataset.status });
      fetch(card.dataset.statusUrl, {
        method: "POST",
        headers: { "X-CSRF-Token": token, "Accept": "application/json" },
        body: body,
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (data) {
        card.dataset.total = data.total;
        card.dataset.weighted = data.weighted;
        card.querySelector('[data-field="weighted"]').textContent = euros(cents(data.weighted));
        refresh();
        board.dispatchEvent(new CustomEvent("kanban:saved", { detail: data }));
      }).catch(function () {
        event.from.insertBefore(card, event.from.children[event.oldIndex] || null);
        refresh();
        if (status) { status.textContent = board.dataset.error; }
      });
    }

    board.querySelectorAll(".cards").forEach(function (list) {
      Sortable.create(list, {
        group: "kanban",
        animation: 120,
        draggable: ".pipe-card",
        // Cards the user may not change stay where they are.
        filter: ".locked",
        preventOnFilter: false,
        onEnd: moved
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".kanban[data-editable]").forEach(setUp);
  });
})();
