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

/* Pionniers: the header's search box, answered by Pagefind (written to /pagefind/ by `pionniers publish`, or by
   `pionniers serve` for the preview). Nothing is fetched until a reader reaches for the box, and then only the chunks
   of the index a query needs; everything comes from this site.
   - French as typed: an elided article, pronoun or preposition is dropped from the query (« l’oreal » → « oreal »,
     « jusqu’au » → « au »), as the index holds the word after it on its own (scripts/pionniers/site/search.py).
   - Every result reachable: the count is Pagefind's, results come ten at a time, « Afficher plus » loads the next
     ones (a button: Tab, Enter, or the arrow keys from the list).
   - Each result says what it is (cas, organisation, thème, territoire, page) and links to the sections of the page
     where the words are (#defi, #innovation, #co-creation, #impact…), under their headings.
   - Narrowing by kind of page and theme (Pagefind filters `genre` and `theme`) is kept in the address with the query
     (?recherche=…&recherche-genre=…&recherche-theme=…), like the filters of /cas/: such an address opens the search.
   - Words as typed, not as stemmed: a word of three letters or less is a word of its own (« ESS » is not
     « essentiels »), unless the index has no such word (then it is the start of one: « ins » → « insertion »); a
     longer word must start a word of the page (« Bordeaux » does not find « au bord »). A number is one word
     however its groups are spaced (« 70000 » = « 70 000 »).
   - Every page comes before the contributor's guide and the open-data pages (kind `aide`); an empty theme is
     never a result (its kind is `vide`, scripts/pionniers/site/search.py).
   - Nothing found: the nearest words of the site are offered (« Vouliez-vous dire « crésus » ? », from
     pagefind/pionniers-mots.json), with a link to every case. */
(function () {
  "use strict";
  var PAGE_SIZE = 10;
  var MIN_CHARACTERS = 2;  // one letter matches a part of the index that says nothing; two narrow it
  var REST_DELAY_MS = 300;  // the other results of a page wait for the reader to pause: typing, each key is a query
  // A last word of one letter (« vivre p », a reader on the way to « vivre propose ») starts so many words of the index
  // that Pagefind, asked for it, fetches every chunk of that letter (110 KB more at 5,000 cases) for results nobody
  // reads: such a query waits for the reader to pause. Waiting on two letters too (« ét ») saves as much on some
  // words but makes the commonest ones slower to come (« pour »: 130 → 250 ms at 5,000 cases, the chunk no longer
  // fetched ahead): not done (scripts/benchmark_browser.py).
  var SHORT_WORD = 2;
  var SHORT_WORD_WAIT_MS = 400;
  var TYPING_MS = 20;  // a query waits this long for the next key before it is asked
  var SECTIONS_SHOWN = 3;
  var PARAMS = {query: "recherche", genre: "recherche-genre", theme: "recherche-theme"};
  var GENRES = {cas: "Cas", organisation: "Organisation", theme: "Thème", territoire: "Territoire", page: "Page",
                liste: "Page", source: "Source", aide: "Page"};
  // Elided words, with any apostrophe a keyboard gives (’ ' ʼ ‘ `): what follows is the word a reader looks for.
  var ELISION = /(^|[^\p{L}\p{N}])(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’ʼ‘`](?=[\p{L}\p{N}])/giu;
  var PARTICLE = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’ʼ‘`]?$/iu;
  var GROUPED_NUMBER = /(^|[^\d'])(\d{1,3})((?:[ \u00a0\u202f]\d{3})+)(?![\d'])/g;
  var SHORT = 3;  // a word this short must be a word of the page, not the start of one
  // The pages about the cases first; then the lists (home, indexes, /impact/), the sources' pages, the guide and the
  // open-data pages (`liste`, `source`, `aide`, scripts/pionniers/site/search.py).
  var MAIN_GENRES = ["cas", "organisation", "theme", "territoire", "page"];
  var LATE_GENRES = ["liste", "source", "aide"];
  var SUGGESTIONS = 3;

  /* The query as Pagefind should see it: elisions split, a lone elided word dropped, other apostrophes made ASCII
     (Pagefind strips ASCII punctuation: « aujourd’hui » → « aujourdhui », « unis-cité » → « uniscité », both
     indexed whole). */
  function normalise(query) {
    var text = query.normalize("NFC").replace(ELISION, "$1").replace(/[’ʼ‘`]/g, "'")
      .replace(GROUPED_NUMBER, function (all, before, head, rest) { return before + head + rest.replace(/\D/g, ""); });
    var words = text.split(/\s+/).filter(Boolean);
    var kept = words.filter(function (word) { return !PARTICLE.test(word); });
    return (kept.length ? kept : words).join(" ");
  }

  /* The index reads an ASCII apostrophe inside words (search.py): readers see the typographic one again. */
  function typographic(text) {
    return (text || "").replace(/(\d)'(?=\d{3}(?!\d))/g, "$1\u202f")
      .replace(/([\p{L}\p{N}])'(?=[\p{L}\p{N}])/gu, "$1’");
  }

  /* A word without case nor accent (« Crésus » → « cresus »). */
  function fold(word) {
    return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  /* The text of a page as one string of folded letters and digits, and where each of its words starts in it: a word
     typed may run on over the next ones (« vinciinsertionemploi », « lappui », « uniscite »). */
  function squashed(text) {
    var parts = fold(text || "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    var starts = [];
    var at = 0;
    parts.forEach(function (part) { starts.push(at); at += part.length; });
    return {text: parts.join(""), starts: starts};
  }

  /* The query for Pagefind: a short word in quotes (a word of its own, not the start of a longer one), unless
     `loose`. Numbers are not quoted. */
  function pagefindQuery(words, loose) {
    return words.map(function (word) {
      return !loose && word.length <= SHORT && /^\p{L}+$/u.test(word) ? '"' + word + '"' : word;
    }).join(" ");
  }

  /* Whether a page found by Pagefind holds the words as typed: each long word starts a word of the page (its plural
     « s » or « x » aside); Pagefind's stemming alone (« Bordeaux » → « bord ») is not enough. */
  function holds(data, words) {
    var long = words.filter(function (w) { return w.replace(/[^\p{L}\p{N}]+/gu, "").length > SHORT; });
    if (!long.length) return true;
    var page = squashed((data.meta && data.meta.title || "") + " " + (data.content || ""));
    return long.every(function (typed) {
      var word = typed.replace(/[^\p{L}\p{N}]+/gu, "");
      var stem = word.replace(/(?:es|s|x)$/, "");
      if (stem.length <= SHORT) stem = word;
      return page.starts.some(function (at) { return page.text.startsWith(stem, at); });
    });
  }

  /* Damerau-Levenshtein distance, stopping at `most` + 1. */
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    var rows = [];
    for (var i = 0; i <= a.length; i++) { rows.push([i]); }
    for (var j = 1; j <= b.length; j++) { rows[0][j] = j; }
    for (i = 1; i <= a.length; i++) {
      var best = most + 1;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i][j] = d;
        if (d < best) best = d;
      }
      if (best > most) return most + 1;
    }
    return rows[a.length][b.length];
  }

  /* The words of the site nearest to `word` (folded): at most one edit for a short word, two beyond six letters; the
     most frequent first among the nearest. `known` is [[folded, as written], …], the most frequent first. */
  function nearest(word, known, count) {
    var most = word.length <= 6 ? 1 : 2;
    var found = [];
    known.forEach(function (entry, rank) {
      if (entry[0] === word) return;
      var d = distance(word, entry[0], most);
      if (d <= most) found.push([d, rank, entry[1]]);
    });
    found.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    return found.slice(0, count).map(function (f) { return f[2]; });
  }

  function config() {
    try {
      return JSON.parse(document.getElementById("__config").textContent) || {};
    } catch (error) {
      return {};
    }
  }

  function siteBase() {
    return new URL(config().base || ".", window.location.href);
  }

  /* Pagefind's excerpts are HTML with <mark> around the matches: keep the text and the marks, nothing else. */
  function safeFragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html || "";
    var out = document.createDocumentFragment();
    (function walk(node) {
      Array.prototype.forEach.call(node.childNodes, function (child) {
        if (child.nodeType === 3) {
          out.appendChild(document.createTextNode(typographic(child.nodeValue)));
        } else if (child.nodeType === 1 && child.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = typographic(child.textContent);
          out.appendChild(mark);
        } else if (child.nodeType === 1) {
          walk(child);
        }
      });
    })(template.content);
    return out;
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The sections of a page where the words are: Pagefind's sub-results that start at a heading with an id (a case's
     fixed anchors: #defi, #innovation, #co-creation, #impact, #chiffres…), most matches first. */
  function sections(data) {
    return (data.sub_results || []).filter(function (sub) {
      return sub.anchor && sub.anchor.id && /^h[2-6]$/i.test(sub.anchor.element || "");
    }).sort(function (a, b) {
      return (b.locations || []).length - (a.locations || []).length;
    }).slice(0, SECTIONS_SHOWN);
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
    var more = box.querySelector("[data-pn-search-more]");
    var help = box.querySelector("[data-pn-search-help]");
    var filters = box.querySelector("[data-pn-search-filters]");
    var genreSelect = filters.querySelector("select[name=recherche-genre]");
    var themeSelect = filters.querySelector("select[name=recherche-theme]");
    var base = siteBase();
    var pagefind = null;
    var themes = null;
    var known = null;
    var asked = 0;
    var words = [];
    var found = [];
    var shown = 0;
    var query = "";

    function say(text) {
      meta.textContent = text;
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

    /* The site's words (pionniers-mots.json, beside Pagefind's bundle), once, when a query first finds nothing. */
    function loadWords() {
      if (!known) {
        known = fetch(new URL("pagefind/pionniers-mots.json", base).href).then(function (response) {
          return response.ok ? response.json() : [];
        }).catch(function () { return []; });
      }
      return known;
    }

    /* Nothing found: the nearest words of the site, each a button that searches it, and every case. */
    function helpWith(mine, typed) {
      help.textContent = "";
      help.hidden = false;
      var cases = element("a", "", "Parcourir tous les cas");
      cases.href = new URL("cas/", base).href;
      var line = element("p", "pn-search-help__cases");
      line.appendChild(cases);
      help.appendChild(line);
      var candidates = typed.filter(function (w) { return /\p{L}/u.test(w) && w.length >= SHORT; });
      if (!candidates.length) return Promise.resolve();
      return loadWords().then(function (list) {
        if (mine !== asked || !list.length) return;
        var proposals = [];
        if (candidates.length === 1) {
          proposals = nearest(fold(candidates[0]), list, SUGGESTIONS);
        } else {
          var fixed = candidates.map(function (w) {
            var f = fold(w);
            var isKnown = list.some(function (e) { return e[0] === f; });
            return isKnown ? w : (nearest(f, list, 1)[0] || w);
          });
          if (fixed.join(" ") !== candidates.join(" ")) proposals = [fixed.join(" ")];
        }
        if (!proposals.length) return;
        var offer = element("p", "pn-search-help__words");
        offer.appendChild(document.createTextNode("Vouliez-vous dire "));
        proposals.forEach(function (words, i) {
          if (i) offer.appendChild(document.createTextNode(i === proposals.length - 1 ? " ou " : ", "));
          var button = element("button", "pn-search-help__word", "« " + words + " »");
          button.type = "button";
          button.setAttribute("data-pn-suggestion", words);
          button.addEventListener("click", function () {
            input.value = words;
            search();
            input.focus();
          });
          offer.appendChild(button);
        });
        offer.appendChild(document.createTextNode("\u00a0?"));
        help.insertBefore(offer, help.firstChild);
      });
    }

    /* Theme labels for the theme filter (open data written by `pionniers build`), once, when the box is opened. */
    function loadThemes() {
      if (!themes) {
        themes = fetch(new URL("donnees/vocabulaires.json", base).href).then(function (response) {
          return response.ok ? response.json() : {};
        }).catch(function () { return {}; }).then(function (data) {
          var wanted = themeSelect.value;
          Object.keys(data.themes || {}).forEach(function (slug) {
            if (data.themes[slug].cases === 0 && slug !== wanted) return;  // an empty theme narrows to nothing
            var option = themeSelect.querySelector('option[value="' + CSS.escape(slug) + '"]');
            if (!option) {
              option = element("option");
              option.value = slug;
              themeSelect.appendChild(option);
            }
            option.textContent = data.themes[slug].label;
          });
          themeSelect.value = wanted;
        });
      }
      return themes;
    }

    function chosenFilters() {
      var out = {};
      // « Autres pages » are the hand-written pages, the guide and the open-data pages among them.
      if (genreSelect.value) out.genre = genreSelect.value === "page" ? {any: ["page", "liste", "source", "aide"]} : genreSelect.value;
      if (themeSelect.value) out.theme = themeSelect.value;
      return out;
    }

    function writeAddress(open) {
      var params = new URLSearchParams(window.location.search);
      var values = {query: open ? input.value.trim() : "", genre: open ? genreSelect.value : "",
                    theme: open ? themeSelect.value : ""};
      Object.keys(PARAMS).forEach(function (key) {
        if (values[key]) params.set(PARAMS[key], values[key]); else params.delete(PARAMS[key]);
      });
      var search = params.toString();
      var address = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
      if (address !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, "", address);
      }
    }

    function open() {
      if (toggle && !toggle.checked) toggle.click();
    }

    function close() {
      if (toggle && toggle.checked) toggle.click();
      input.blur();
    }

    function item(data) {
      var li = element("li", "md-search-result__item");
      var link = element("a", "md-search-result__link");
      link.href = data.url;
      var article = element("article", "md-search-result__article md-search-result__article--document md-typeset");
      var kind = ((data.filters || {}).genre || [])[0] || "page";
      var label = element("p", "pn-search-kind", GENRES[kind] || GENRES.page);
      label.setAttribute("data-pn-genre", kind);
      var title = element("h1");
      title.appendChild(safeFragment((data.meta && data.meta.title) || data.url));
      var teaser = element("p");
      teaser.appendChild(safeFragment(data.excerpt));
      article.appendChild(element("div", "md-search-result__icon md-icon"));
      article.appendChild(label);
      article.appendChild(title);
      article.appendChild(teaser);
      link.appendChild(article);
      li.appendChild(link);
      sections(data).forEach(function (sub) {
        var subLink = element("a", "md-search-result__link pn-search-section");
        subLink.href = sub.url;
        subLink.setAttribute("data-pn-anchor", sub.anchor.id);
        var subArticle = element("article", "md-search-result__article md-typeset");
        var heading = element("h2");
        heading.appendChild(safeFragment(sub.title));
        var excerpt = element("p");
        excerpt.appendChild(safeFragment(sub.excerpt));
        subArticle.appendChild(heading);
        subArticle.appendChild(excerpt);
        subLink.appendChild(subArticle);
        li.appendChild(subLink);
      });
      return li;
    }

    function counted() {
      var count = found.length;
      var text = count === 0 ? "Aucun résultat" : count === 1 ? "1 résultat" :
        count.toLocaleString("fr-FR") + " résultats";
      if (count > shown && shown > 0) text += ", " + shown + " affichés";
      say(text);
      var rest = Math.min(PAGE_SIZE, count - shown);
      more.hidden = rest <= 0;
      if (rest > 0) {
        more.textContent = "Afficher " + rest + (rest > 1 ? " résultats" : " résultat") + " de plus";
      }
    }

    /* Up to `count` more results (after the `shown` ones) that hold the words as typed (`holds`); the others leave
       `found`, so that the count says what can be read. */
    function take(mine, count, kept) {
      kept = kept || [];
      var batch = found.slice(shown + kept.length, shown + count);
      if (!batch.length) return Promise.resolve(kept);
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
        if (mine !== asked) return null;
        var dropped = [];
        data.forEach(function (d, i) {
          if (holds(d, words)) kept.push(d); else dropped.push(batch[i]);
        });
        if (dropped.length) found = found.filter(function (r) { return dropped.indexOf(r) === -1; });
        return kept.length < count && found.length > shown + kept.length ? take(mine, count, kept) : kept;
      });
    }

    /* The next page of results: the first one as soon as its excerpt is there (it answers the query), then the rest. */
    function showNext(mine, focusFirst) {
      if (shown >= found.length) return Promise.resolve();
      var first = shown === 0;
      return take(mine, 1).then(function (firstOnes) {
        if (mine !== asked || firstOnes === null) return null;
        if (!firstOnes.length) {
          nothing(mine);
          return null;
        }
        var best = firstOnes[0];
        var firstItem = item(best);
        list.appendChild(firstItem);
        shown += 1;
        if (first) result.setAttribute("data-pn-first", query);  // the benchmark times this first result
        counted();
        if (focusFirst) firstItem.querySelector("a").focus();
        return new Promise(function (resolve) {
          window.setTimeout(resolve, focusFirst ? 0 : REST_DELAY_MS);
        }).then(function () {
          if (mine !== asked) return [];
          return take(mine, PAGE_SIZE - 1);
        }).then(function (rest) {
          if (mine !== asked || rest === null) return;
          rest.forEach(function (data) { list.appendChild(item(data)); });
          shown += rest.length;
          counted();
          result.setAttribute("data-pn-query", query);  // the list answers this query (for tests and styles)
          result.setAttribute("data-pn-shown", String(shown));
        });
      });
    }

    /* Opened from disk (the offline archive, `pionniers archive`): the browser will not load Pagefind's index
       from file://, so say so at once and offer the list of cases instead. */
    function offline() {
      say("La recherche a besoin du site en ligne\u00a0: cette copie hors ligne ne peut pas lire son index. " +
        "Parcourez plutôt la liste des cas.");
      list.textContent = "";
      more.hidden = true;
      list.appendChild(item({ url: new URL("cas/index.html", base).href, meta: { title: "Tous les cas" },
        filters: { genre: ["page"] },
        excerpt: "La liste de toutes les études de cas, à affiner par thème, type, secteur et territoire." }));
      result.setAttribute("data-pn-offline", "");
    }

    /* No result: say so, and help. */
    function nothing(mine) {
      found = [];
      shown = 0;
      counted();
      result.setAttribute("data-pn-query", query);
      result.setAttribute("data-pn-shown", "0");
      return helpWith(mine, words);
    }

    /* Pagefind's answer for `words` (the results, or null when a newer query was typed meanwhile): the main kinds
       of page first, then the guide and the open-data pages, unless the reader chose a kind; short words quoted, loose if
       that finds nothing. Pagefind's own debouncedSearch is not used: its counter is shared by every call, so the
       loose retry of an older query would cancel the newer one. */
    function ask(mine, module, terms, narrowed, loose) {
      var text = terms === null ? null : pagefindQuery(terms, loose);
      var answer;
      if (narrowed.genre) {
        answer = module.search(text, {filters: narrowed}).then(function (a) { return a.results; });
      } else {
        var main = Object.assign({}, narrowed, {genre: {any: MAIN_GENRES}});
        answer = Promise.all([main].concat(LATE_GENRES.map(function (kind) {
          return Object.assign({}, narrowed, {genre: kind});
        })).map(function (filters) { return module.search(text, {filters: filters}); })).then(function (all) {
          return all.reduce(function (out, a) { return out.concat(a.results); }, []);
        });
      }
      return answer.then(function (results) {
        if (mine !== asked) return null;
        if (results.length || loose || terms === null || pagefindQuery(terms, true) === pagefindQuery(terms, false)) {
          return results;
        }
        return ask(mine, module, terms, narrowed, true);
      });
    }

    function search() {
      query = input.value.trim();
      var mine = ++asked;
      help.hidden = true;
      help.textContent = "";
      if (window.location.protocol === "file:") {
        offline();
        return;
      }
      var narrowed = chosenFilters();
      writeAddress(true);
      list.textContent = "";
      found = [];
      shown = 0;
      more.hidden = true;
      result.removeAttribute("data-pn-first");
      result.removeAttribute("data-pn-query");
      result.removeAttribute("data-pn-shown");
      if (!query && !Object.keys(narrowed).length) {
        say("");  // nothing to say before a query
        return;
      }
      var terms = query ? normalise(query) : null;
      if (terms !== null && terms.replace(/[^\p{L}\p{N}]/gu, "").length < MIN_CHARACTERS) {
        say("Tapez au moins deux lettres");
        return;
      }
      // Words as typed, folded, their outer punctuation dropped (« (insertion, » → « insertion »).
      words = terms === null ? [] : fold(terms).split(/\s+/).map(function (w) {
        return w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
      }).filter(Boolean);
      var wait = words.length && words[words.length - 1].length < SHORT_WORD ? SHORT_WORD_WAIT_MS : 0;
      new Promise(function (resolve) { window.setTimeout(resolve, wait || TYPING_MS); }).then(function () {
        return mine === asked ? load() : null;
      }).then(function (module) {
        if (module === null || mine !== asked) return null;
        return ask(mine, module, terms === null ? null : words, narrowed, false);
      }).then(function (results) {
        if (results === null || mine !== asked) return null;
        found = results;
        if (!found.length) return nothing(mine);
        counted();
        return showNext(mine, false);
      }).catch(function () {
        if (mine === asked) say("La recherche n’est pas disponible sur cette copie du site (index Pagefind absent).");
      });
    }

    /* Every link and the « Afficher plus » button, in reading order (for the arrow keys). */
    function stops() {
      var all = Array.prototype.slice.call(list.querySelectorAll("a"));
      if (!more.hidden) all.push(more);
      return all;
    }

    input.addEventListener("focus", function () {
      open();
      if (window.location.protocol === "file:") offline(); else { load(); loadThemes(); }
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
    filters.addEventListener("change", function () { loadThemes(); search(); });
    filters.addEventListener("submit", function (event) { event.preventDefault(); });
    more.addEventListener("click", function () {
      more.hidden = true;
      showNext(asked, true);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("a");
      if (first) first.click();
    });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { search(); input.focus(); }, 0);
    });
    box.addEventListener("keydown", function (event) {
      var all = stops();
      var at = all.indexOf(document.activeElement);
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && event.target.nodeName !== "SELECT") {
        if (!all.length) return;
        event.preventDefault();
        var next = event.key === "ArrowDown" ? at + 1 : (at === -1 ? all.length - 1 : at - 1);
        if (next < 0 || next >= all.length) input.focus(); else all[next].focus();
      }
    });
    list.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a")) close();
    });
    // Focus that leaves the search (Tab past its last result, Shift+Tab before the box) closes it, as Material's
    // own search does: the page is never left greyed behind an open panel that the keyboard has walked out of.
    box.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (next && !box.contains(next) && toggle && toggle.checked) toggle.click();
    });
    // A button that opens the search (the 404 page's), shown only here, where it works.
    Array.prototype.forEach.call(document.querySelectorAll("[data-pn-open-search]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { open(); input.focus(); });
    });
    // Material's shortcuts: « / », « s » or « f » opens the search from anywhere but a field being typed in.
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || ["/", "s", "f"].indexOf(event.key) === -1) return;
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.nodeName))) return;
      event.preventDefault();
      open();
      input.focus();
    });
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) {
          if (document.activeElement !== input && !box.contains(document.activeElement)) input.focus();
        } else {
          writeAddress(false);  // a closed search leaves the address as the page's own
        }
      });
    }

    // An address with a search (a shared link, the back button): open the box on it.
    var params = new URLSearchParams(window.location.search);
    if (params.get(PARAMS.query) || params.get(PARAMS.genre) || params.get(PARAMS.theme)) {
      input.value = params.get(PARAMS.query) || "";
      var genre = params.get(PARAMS.genre) || "";
      if (genreSelect.querySelector('option[value="' + CSS.escape(genre) + '"]')) genreSelect.value = genre;
      var theme = params.get(PARAMS.theme) || "";
      if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(theme)) {
        var option = element("option", "", theme);  // its label comes with the vocabulary
        option.value = theme;
        themeSelect.appendChild(option);
        themeSelect.value = theme;
      }
      open();
      loadThemes();
      search();
    }
  }

  window.pionniersSearch = { normalise: normalise };  // for the tests: the query as Pagefind receives it
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();

/* Pionniers — courseware: the reader's date in a case's citation (« consulté le »), the full address of
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
    copyButton(document.querySelector("p.pn-cite"), "Copier la citation");
    copyButton(document.querySelector("pre.pn-embed"), "Copier le code");
  }

  /* A button after `block` that copies its text (the citation, the embed code), and says so. */
  function copyButton(block, label) {
    if (!block || block.getAttribute("data-pn-copy")) return;
    block.setAttribute("data-pn-copy", "1");
    var line = document.createElement("p");
    line.className = "pn-copy";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button pn-copy__button";
    button.textContent = label;
    var status = document.createElement("span");
    status.className = "pn-copy__status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      var text = block.innerText.trim();
      var done = function () { status.textContent = "Copié."; };
      var fallback = function () {
        var range = document.createRange();
        range.selectNodeContents(block);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
        status.textContent = ok ? "Copié." : "Sélectionné : copiez avec Ctrl+C (⌘+C sur Mac).";
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
    });
    line.appendChild(button);
    line.appendChild(document.createTextNode(" "));
    line.appendChild(status);
    block.parentNode.insertBefore(line, block.nextSibling);
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
