/* ICE Cooperation Atlas: render Vega-Lite charts when they scroll near the viewport, and the county finder.
   Everything is loaded from this site (no CDN); every chart also has its numbers in an HTML table. */
(function () {
  "use strict";
  var here = document.currentScript ? document.currentScript.src : "";
  var assets = here ? new URL(".", here).href : "";
  var vegaLoading = null, configLoading = null;

  // County charts come without their theme config, which all share: one file, cached by the browser.
  function withConfig(spec) {
    if (spec.config) return Promise.resolve(spec);
    if (!configLoading) configLoading = fetch(assets + "chart-config.json").then(function (r) { return r.json(); });
    return configLoading.then(function (config) { spec.config = config; return spec; });
  }

  function isDark() { return document.body.getAttribute("data-md-color-scheme") === "slate"; }

  // Vega cannot read CSS variables: text and grid colours for the dark scheme.
  var DARK = { axis: { labelColor: "#e3e3e3", titleColor: "#e3e3e3", gridColor: "#4a4d57", domainColor: "#a0a0a0", tickColor: "#a0a0a0" },
               legend: { labelColor: "#e3e3e3", titleColor: "#e3e3e3" }, title: { color: "#e3e3e3" } };

  function loadVega() {
    if (!vegaLoading) {
      vegaLoading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.type = "module";
        s.src = assets + "vega.js";
        s.onload = function () { resolve(window.vegaEmbed); };
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return vegaLoading;
  }

  function render(el) {
    var holder = el.nextElementSibling;
    if (!holder || !holder.classList.contains("atlas-spec")) return;
    var spec = JSON.parse(holder.textContent);
    el.setAttribute("data-atlas-state", "loading");
    Promise.all([loadVega(), withConfig(spec)]).then(function (loaded) {
      var vegaEmbed = loaded[0];
      // ast: true makes vega-embed use Vega's CSP-safe expression interpreter (vega-interpreter, bundled in
      // vega-embed) instead of code generated with new Function(), so the site's CSP needs no 'unsafe-eval'.
      // Data URLs in a spec (map geometry, statuses) are relative to the site root, whatever page shows it.
      return vegaEmbed(el, spec, { actions: false, renderer: "svg", config: isDark() ? DARK : {}, ast: true,
                                   loader: { baseURL: el.getAttribute("data-atlas-root") || "" } });
    }).then(function (result) {
      el.setAttribute("data-atlas-state", "rendered");
      el._atlasView = result.view;
      // The chart pre-rendered at build time (shown until now, and still shown if rendering fails) gives way.
      Array.prototype.forEach.call(el.querySelectorAll(".atlas-static-chart"), function (img) { img.remove(); });
      var svg = el.querySelector("svg");
      if (svg) { svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false"); }
      // The time control (timeline.js) shows its date on a map as soon as the map is drawn (or drawn again).
      el.dispatchEvent(new CustomEvent("atlas:rendered", { bubbles: true }));
    }).catch(function (err) {
      el.setAttribute("data-atlas-state", "failed");
      if (window.console) console.warn("chart not rendered; the table has the numbers", err);
    });
  }

  var els = [];  // every chart of the page, drawn again when the reader switches between light and dark

  // A chart added to the page later (the time control's state map): drawn now, and again on a scheme change.
  window.atlasCharts = { add: function (el) { els.push(el); render(el); } };

  function charts() {
    var found = Array.prototype.slice.call(document.querySelectorAll(".atlas-vega"));
    els = els.concat(found.filter(function (el) { return els.indexOf(el) === -1; }));
    new MutationObserver(function () {
      els.forEach(function (el) {
        if (el.getAttribute("data-atlas-state") === "rendered") {
          if (el._atlasView) el._atlasView.finalize();
          el.innerHTML = ""; render(el);
        }
      });
    }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    if (!found.length) return;
    if (!("IntersectionObserver" in window)) { found.forEach(render); return; }
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { io.unobserve(e.target); render(e.target); } });
    }, { rootMargin: "200px" });
    found.forEach(function (el) { io.observe(el); });
  }

  function finder() {
    var box = document.querySelector(".atlas-finder");
    if (!box) return;
    var input = box.querySelector("input"), list = box.querySelector("ul");
    var root = box.getAttribute("data-atlas-root") || "";
    var counties = null, loading = null;
    // The page's language gives the finder its words (data-atlas-* attributes, from the message catalogue).
    var say = { outside: box.getAttribute("data-atlas-outside") || "outside this preview, no page built",
                none: box.getAttribute("data-atlas-nomatch") || "No county matches.",
                more: box.getAttribute("data-atlas-more") || "{n} more: type more of the name." };
    // Accents are optional: "Dona Ana" and "doña ana" both find Doña Ana (letters compared without their marks).
    function fold(text) {
      return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    }
    function load() {
      if (!loading) {
        loading = fetch(assets + "counties.json").then(function (r) { return r.json(); })
          .then(function (rows) {
            counties = rows.map(function (r) { return { fips: r[0], label: r[1] + ", " + r[2], built: r[4] !== 0, hay: fold(r[1] + " " + r[2] + " " + r[3] + " " + r[0]) }; });
          });
      }
      return loading;
    }
    function show() {
      var words = fold(input.value).split(/[\s,]+/).filter(Boolean);
      list.innerHTML = "";
      if (!words.length || !counties) return;
      var hits = counties.filter(function (c) { return words.every(function (w) { return c.hay.indexOf(w) !== -1; }); });
      hits.slice(0, 15).forEach(function (c) {
        var li = document.createElement("li");
        if (c.built) {
          var a = document.createElement("a");
          a.href = root + "counties/" + c.fips + "/";
          a.textContent = c.label + " (" + c.fips + ")";
          li.appendChild(a);
        } else {  // a one-state preview builds only some county pages
          li.textContent = c.label + " (" + c.fips + "): " + say.outside;
        }
        list.appendChild(li);
      });
      if (!hits.length) { var li = document.createElement("li"); li.textContent = say.none; list.appendChild(li); }
      else if (hits.length > 15) { var more = document.createElement("li"); more.textContent = say.more.replace("{n}", hits.length - 15); list.appendChild(more); }
    }
    input.addEventListener("focus", load);
    input.addEventListener("input", function () { load().then(show); });
  }

  function start() { charts(); finder(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
