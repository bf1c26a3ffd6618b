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
  }
  // And on load, always: opened from disk (file://), Material's document$ never emits (setUp runs once per page).
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();

/* Pionniers: the header's search box, answered by Pagefind (written to /pagefind/ by `python -m pagefind --site site`
   after the site build). Pagefind folds accents (« cresus » finds « Crésus ») and downloads only the chunks of the
   index a query needs; nothing is fetched until a reader starts searching. Everything comes from this site. */
(function () {
  "use strict";
  var MAX_RESULTS = 10;

  function translations() {
    try {
      return JSON.parse(document.getElementById("__config").textContent).translations || {};
    } catch (error) {
      return {};
    }
  }

  function siteBase() {
    try {
      return new URL(JSON.parse(document.getElementById("__config").textContent).base || ".", window.location.href);
    } catch (error) {
      return new URL("/", window.location.href);
    }
  }

  /* Pagefind's excerpts are HTML with <mark> around the matches: keep the text and the marks, nothing else. */
  function safeFragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html || "";
    var out = document.createDocumentFragment();
    (function walk(node) {
      Array.prototype.forEach.call(node.childNodes, function (child) {
        if (child.nodeType === 3) {
          out.appendChild(document.createTextNode(child.nodeValue));
        } else if (child.nodeType === 1 && child.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = child.textContent;
          out.appendChild(mark);
        } else if (child.nodeType === 1) {
          walk(child);
        }
      });
    })(template.content);
    return out;
  }

  function setUp() {
    var box = document.querySelector("[data-pn-search]");
    if (!box || box.getAttribute("data-ready")) return;
    box.setAttribute("data-ready", "1");
    var toggle = document.getElementById("__search");
    var form = box.querySelector("form");
    var input = box.querySelector("[data-pn-search-query]");
    var result = box.querySelector("[data-pn-search-result]");
    var meta = result.querySelector(".md-search-result__meta");
    var list = result.querySelector(".md-search-result__list");
    var words = translations();
    var base = siteBase();
    var pagefind = null;
    var asked = 0;

    function say(key, fallback, count) {
      var text = words[key] || fallback;
      meta.textContent = count === undefined ? text : text.replace("#", count);
    }

    function load() {
      if (window.location.protocol === "file:") return Promise.resolve(null);  // never fetched from disk
      if (!pagefind) {
        pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
          return module.options({ baseUrl: base.pathname, excerptLength: 24 }).then(function () {
            module.init();
            return module;
          });
        });
        pagefind.catch(function () { pagefind = null; });
      }
      return pagefind;
    }

    function open() {
      if (toggle && !toggle.checked) toggle.click();
    }

    function close() {
      if (toggle && toggle.checked) toggle.click();
      input.blur();
    }

    function show(items) {
      list.textContent = "";
      items.forEach(function (data) {
        var item = document.createElement("li");
        item.className = "md-search-result__item";
        var link = document.createElement("a");
        link.className = "md-search-result__link";
        link.href = data.url;
        var article = document.createElement("article");
        article.className = "md-search-result__article md-typeset";
        var icon = document.createElement("div");
        icon.className = "md-search-result__icon md-icon";
        var title = document.createElement("h1");
        title.appendChild(safeFragment((data.meta && data.meta.title) || data.url));
        var teaser = document.createElement("p");
        teaser.appendChild(safeFragment(data.excerpt));
        article.appendChild(icon);
        article.appendChild(title);
        article.appendChild(teaser);
        link.appendChild(article);
        item.appendChild(link);
        list.appendChild(item);
      });
    }

    /* Opened from disk (the offline archive, `pionniers archive`): the browser will not load Pagefind's index
       from file://, so say so at once and offer the list of cases instead (issue 12). */
    function offline() {
      say("", "La recherche a besoin du site en ligne : cette copie hors ligne ne peut pas lire son index. " +
        "Parcourez plutôt la liste des cas.");
      list.textContent = "";
      show([{ url: new URL("cas/index.html", base).href, meta: { title: "Tous les cas" },
        excerpt: "La liste de toutes les études de cas, à affiner par thème, type, secteur et territoire." }]);
      result.setAttribute("data-pn-offline", "");
    }

    function search() {
      var query = input.value.trim();
      var mine = ++asked;
      if (window.location.protocol === "file:") {
        offline();
        return;
      }
      if (!query) {
        list.textContent = "";
        result.removeAttribute("data-pn-query");
        result.removeAttribute("data-pn-first");
        say("search.result.placeholder", "Taper pour démarrer la recherche");
        return;
      }
      load().then(function (module) {
        return module.debouncedSearch(query, {}, 20);
      }).then(function (found) {
        if (found === null || mine !== asked) return null;
        var top = found.results.slice(0, MAX_RESULTS);
        var count = found.results.length;
        function counted() {
          if (count === 0) say("search.result.none", "Aucun document trouvé");
          else if (count === 1) say("search.result.one", "1 document trouvé");
          else say("search.result.other", "# documents trouvés", count);
        }
        if (!top.length) {
          counted();
          show([]);
          result.setAttribute("data-pn-query", query);
          return null;
        }
        // The best result first, as soon as its excerpt is there; then the whole list.
        return top[0].data().then(function (best) {
          if (mine !== asked) return null;
          counted();
          show([best]);
          result.setAttribute("data-pn-first", query);  // the first result answers this query (for the benchmark)
          return Promise.all(top.slice(1).map(function (r) { return r.data(); })).then(function (rest) {
            if (mine !== asked) return;
            show([best].concat(rest));
            result.setAttribute("data-pn-query", query);  // the whole list answers this query (for tests and styles)
          });
        });
      }).catch(function () {
        if (mine === asked) say("search.result.none", "La recherche n’est pas disponible sur cette copie du site (index Pagefind absent).");
      });
    }

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a"));
    }

    input.addEventListener("focus", function () {
      open();
      if (window.location.protocol === "file:") offline(); else load();
    });
    // A reader reaching for the search box (pointer over it, a tap on the magnifier): start loading Pagefind then,
    // so that its script and index metadata are usually there by the first key.
    ["pointerenter", "touchstart"].forEach(function (name) {
      box.addEventListener(name, function () { load(); }, { passive: true, once: true });
    });
    Array.prototype.forEach.call(document.querySelectorAll('label[for="__search"]'), function (label) {
      label.addEventListener("pointerenter", function () { load(); }, { passive: true, once: true });
    });
    input.addEventListener("input", search);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = links()[0];
      if (first) first.click();
    });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { search(); input.focus(); }, 0);
    });
    box.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!all.length) return;
        event.preventDefault();
        var next = event.key === "ArrowDown" ? at + 1 : (at === -1 ? all.length - 1 : at - 1);
        if (next < 0 || next >= all.length) input.focus(); else all[next].focus();
      }
    });
    list.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a")) close();
    });
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked && document.activeElement !== input) input.focus();
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();

/* Pionniers — courseware (issue 12): the reader's date in a case's citation (« consulté le »), the full address of
   this copy of the site in the embed code and in printed links, the evidence of figures opened for printing, and
   nothing else. Without JavaScript the page says « [date de consultation] » and prints links as written. */
(function () {
  "use strict";
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre"];

  function siteBase() {
    try {
      return new URL(JSON.parse(document.getElementById("__config").textContent).base || ".", window.location.href);
    } catch (error) {
      return new URL("/", window.location.href);
    }
  }

  function today() {
    var day = new Date();
    return (day.getDate() === 1 ? "1er" : String(day.getDate())) + "\u00a0" + MONTHS[day.getMonth()] + "\u00a0" +
      day.getFullYear();
  }

  function setUp() {
    Array.prototype.forEach.call(document.querySelectorAll(".pn-cite__today"), function (span) {
      span.textContent = today();
    });
    // Printed links show their full address; a link within the page (to a source, a figure) shows none. The theme
    // may already have made every href absolute, so compare the addresses rather than the attribute's text.
    var here = window.location.href.split("#")[0];
    Array.prototype.forEach.call(document.querySelectorAll(".md-content a[href]"), function (link) {
      if (link.href.split("#")[0] === here && link.hash) link.setAttribute("data-pn-local", "");
      else link.setAttribute("data-pn-href", link.href);
    });
    var base = siteBase();
    Array.prototype.forEach.call(document.querySelectorAll(".pn-cite__address"), function (span) {
      var path = span.textContent;
      if (path.charAt(0) === "/") span.textContent = new URL(path.slice(1), base).href;
    });
    Array.prototype.forEach.call(document.querySelectorAll("pre.pn-embed code"), function (code) {
      code.textContent = code.textContent.replace(/src="\/([^"]*)"/, function (match, path) {
        return 'src="' + new URL(path, base).href + '"';
      });
    });
  }

  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.pn-evidence:not([open])"), function (details) {
      details.setAttribute("open", "");
      details.setAttribute("data-pn-print", "");
    });
  });
  window.addEventListener("afterprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-pn-print]"), function (details) {
      details.removeAttribute("open");
      details.removeAttribute("data-pn-print");
    });
  });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
