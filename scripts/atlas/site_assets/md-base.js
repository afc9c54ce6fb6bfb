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
