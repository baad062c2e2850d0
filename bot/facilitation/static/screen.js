/* The room's screen keeps itself current: it asks for the figures every half second, changes the
   counts in place (an aria-live region reads them out politely), and reloads the page when
   anything else changed (a new round, the figures, the workshop closed). Without JavaScript
   the page refreshes itself instead (a meta refresh inside <noscript>). */
(function () {
  "use strict";
  var screen = document.querySelector("[data-figures-url]");
  if (!screen || !window.fetch) {
    return;
  }
  var url = screen.getAttribute("data-figures-url");
  var key = screen.getAttribute("data-figures-key");
  var every = parseInt(screen.getAttribute("data-poll-ms"), 10) || 500;
  var busy = false;

  function show(name, figure) {
    var shown = screen.querySelector('[data-figure="' + name + '"]');
    if (!shown || !figure) {
      return;
    }
    var number = shown.querySelector(".figure__number");
    var label = shown.querySelector(".figure__label");
    var text = String(figure.number);
    if (number.textContent !== text) {
      number.textContent = text;
    }
    if (label.textContent !== figure.label) {
      label.textContent = figure.label;
    }
  }

  function update(figures) {
    if (figures.key !== key) {
      window.location.reload();
      return;
    }
    show("joined", figures.joined);
    show("answered", figures.answered);
    show("round", figures.round && figures.round.answers);
  }

  function poll() {
    if (busy) {
      return;
    }
    busy = true;
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (answer) {
        return answer.ok ? answer.json() : null;
      })
      .then(function (figures) {
        if (figures) {
          update(figures);
        }
      })
      .catch(function () {
        /* The next poll tries again: a projector's network may drop for a moment. */
      })
      .then(function () {
        busy = false;
      });
  }

  window.setInterval(poll, every);
})();
