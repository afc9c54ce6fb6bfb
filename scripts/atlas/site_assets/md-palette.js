/* Material for MkDocs: restore the reader's light/dark choice before the page paints (was an inline script). */
(function () {
  "use strict";
  var palette = window.__md_get && window.__md_get("__palette");
  if (!palette || !palette.color) return;
  if (palette.color.media === "(prefers-color-scheme)") {
    var light = matchMedia("(prefers-color-scheme: light)").matches;
    var input = document.querySelector(light ? "[data-md-color-media='(prefers-color-scheme: light)']"
                                             : "[data-md-color-media='(prefers-color-scheme: dark)']");
    if (input) {
      ["media", "scheme", "primary", "accent"].forEach(function (k) {
        palette.color[k] = input.getAttribute("data-md-color-" + k);
      });
    }
  }
  Object.keys(palette.color).forEach(function (k) {
    document.body.setAttribute("data-md-color-" + k, palette.color[k]);
  });
})();
