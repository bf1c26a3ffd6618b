/* Redirect pages of renamed cases: go to the new address at once, keeping the section anchor (#impact…). */
(function () {
  var link = document.querySelector('link[rel="canonical"]');
  if (link) window.location.replace(link.href + window.location.hash);
})();
