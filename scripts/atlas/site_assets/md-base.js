/* Material for MkDocs' start-up helpers, loaded from a file instead of an inline script so the site's
   Content-Security-Policy can forbid inline scripts. Same globals and storage keys as Material's own. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="atlas-md-scope"]');
  window.__md_scope = new URL(meta ? meta.getAttribute("content") : ".", location);
  window.__md_hash = function (text) {
    return Array.prototype.reduce.call(text, function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage, scope) {
    storage = storage || localStorage; scope = scope || window.__md_scope;
    return JSON.parse(storage.getItem(scope.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, scope) {
    storage = storage || localStorage; scope = scope || window.__md_scope;
    try { storage.setItem(scope.pathname + "." + key, JSON.stringify(value)); } catch (e) { /* storage full or off */ }
  };
})();
/* With hreflang links (the Spanish edition, issue 16): the language switch's links (<link rel="alternate" hreflang>) name the same page in each language, as search
   engines want them. Material's bundle reads every <link rel="alternate"> when the page loads and fetches
   "sitemap.xml" beside each link's URL, made for links to each language's home page: beside a page's URL there is
   no sitemap, so each page would ask the server for two missing files (and the published site's when the links
   are absolute). This hides the links' rel from that one read (Material reads them on DOMContentLoaded) and
   puts it back just after, so the document keeps its hreflang links. The switch itself is plain links (no script),
   written per page by scripts/atlas/mkdocs_hooks.py. */
(function () {
  "use strict";
  var links = Array.prototype.slice.call(document.querySelectorAll("link[rel=alternate][hreflang]"));
  links.forEach(function (l) { l.setAttribute("rel", "atlas-alternate"); });
  function restore() { links.forEach(function (l) { l.setAttribute("rel", "alternate"); }); }
  document.addEventListener("DOMContentLoaded", function () { setTimeout(restore, 0); }, { once: true });
})();
