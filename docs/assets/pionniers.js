/* Pionniers: narrows the list of cases by theme, kind, partners' sector and territory, in the browser.
   The choice is kept in the address (?theme=…&type=…&secteur=…&territoire=…) so that a course can link to it.
   Without JavaScript the form stays hidden and every case shows. */
(function () {
  "use strict";
  var FIELDS = ["theme", "type", "secteur", "territoire"];

  function matches(card, wanted) {
    return FIELDS.every(function (name) {
      if (!wanted[name]) return true;
      var values = (card.getAttribute("data-" + name) || "").split(" ");
      return values.indexOf(wanted[name]) !== -1;
    });
  }

  function apply(form, cards, writeAddress) {
    var wanted = {};
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      var select = form.elements[name];
      wanted[name] = select ? select.value : "";
      if (wanted[name]) params.set(name, wanted[name]); else params.delete(name);
    });
    var shown = 0;
    cards.forEach(function (card) {
      var ok = matches(card, wanted);
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    var status = form.querySelector(".pn-filters__status");
    if (status) status.textContent = shown + (shown > 1 ? " cas affichés" : " cas affiché") + " sur " + cards.length + ".";
    if (writeAddress) {
      var query = params.toString();
      window.history.replaceState(window.history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
  }

  function setUp() {
    var form = document.querySelector("form.pn-filters");
    if (!form || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "1");
    var cards = Array.prototype.slice.call(document.querySelectorAll(".pn-card"));
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      var select = form.elements[name];
      var value = params.get(name);
      if (select && value && select.querySelector('option[value="' + CSS.escape(value) + '"]')) select.value = value;
    });
    form.hidden = false;
    form.addEventListener("change", function () { apply(form, cards, true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(function () { apply(form, cards, true); }, 0); });
    apply(form, cards, false);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);  // Material's instant navigation swaps pages without reloading
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
