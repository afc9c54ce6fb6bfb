/* ICE Cooperation Atlas: the time control of the national and state maps.

   Shows the snapshots of assets/atlas/timeline.json, which the site generator computes in Python
   (atlas/pages/timeline.py): for each date, every county's category, the counts and what the data behind the date
   covers. Nothing here works a status out: it only picks a snapshot and puts its rows, counts and words on the
   page. The chosen year is in the address (?year=2012; none for today), kept with history.replaceState.
   Without this script the control stays hidden and the page shows today's maps. */
(function () {
  "use strict";
  var LEGEND = "atlas_legend";  // the signal of a time-controlled map's legend (atlas/charts/maps.py)

  function start() {
    var box = document.getElementById("atlas-when");
    if (!box || !window.fetch) return;
    fetch(box.getAttribute("data-atlas-timeline"))
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { control(box, data); })
      .catch(function (err) { if (window.console) console.warn("time control not shown", err); });
  }

  function text(el, value) { if (el) el.textContent = value; }

  function control(box, data) {
    var scope = box.getAttribute("data-atlas-scope");
    var slider = box.querySelector("#atlas-when-year"), output = box.querySelector("#atlas-when-output");
    var live = box.querySelector("#atlas-when-live"), play = box.querySelector("#atlas-when-play");
    var snaps = data.snapshots, last = snaps.length - 1, current = last, timer = null;
    var position = {};
    data.fips.forEach(function (f, i) { position[f] = i; });

    function counts(layer, i) {
      var L = data.layers[layer];
      return scope === "us" ? L.counts[i] : (L.states[scope] || [])[i] || [];
    }
    // Categories of the date, in legend order: those "dated" (the 287(g) map's "not known") only when some
    // county of the map has them.
    function shown(layer, i) {
      var L = data.layers[layer], n = counts(layer, i);
      return L.categories.map(function (c, k) { return { label: c[0], n: n[k] || 0, k: k }; })
        .filter(function (c) { return L.dated.indexOf(c.k) === -1 || c.n > 0; });
    }
    function caption(layer, i) { return box.getAttribute("data-atlas-caption-" + layer) + " " + snaps[i].asof[layer]; }

    // The maps this control drives: the page's time-controlled maps (their spec names the layer they show).
    var maps = [];
    function adopt(el) {
      var holder = el.nextElementSibling, spec;
      try { spec = JSON.parse(holder.textContent); } catch (e) { return null; }
      var layer = spec.usermeta && spec.usermeta.atlasTimeline;
      if (!layer || !data.layers[layer]) return null;
      var figure = el.closest("figure");
      var m = { el: el, layer: layer, figure: figure, label: el.getAttribute("aria-label"), table: null,
                caption: figure ? figure.querySelector("figcaption") : null };
      m.captionText = m.caption ? m.caption.textContent : "";
      // The note above the map: the date shown and the coverage behind it.
      m.stamp = document.createElement("p");
      m.stamp.className = "atlas-when-stamp";
      if (figure) figure.insertBefore(m.stamp, figure.firstChild);
      maps.push(m);
      return m;
    }
    Array.prototype.forEach.call(document.querySelectorAll(".atlas-vega"), function (el) {
      var m = adopt(el);
      if (!m || !m.figure) return;
      var next = m.figure.nextElementSibling;  // the home page's count table follows its map
      if (next && next.classList.contains("atlas-table")) m.table = next.querySelector("table");
    });

    // A state page: its map is a pre-rendered image until a reader picks another date; then the control's
    // interactive map takes its place (atlas.js draws it), and the control's count tables follow the map.
    var pending = box.querySelector(".atlas-when-map"), tables = box.querySelector(".atlas-when-tables");
    var stateFigure = pending ? box.nextElementSibling : null;
    if (stateFigure && stateFigure.tagName !== "FIGURE") stateFigure = null;
    var stateMap = null;
    if (pending && stateFigure) {
      stateMap = adopt(pending);
      stateMap.figure = stateFigure;
      stateMap.caption = stateFigure.querySelector("figcaption");
      stateMap.captionText = stateMap.caption ? stateMap.caption.textContent : "";
      stateFigure.insertBefore(stateMap.stamp, stateFigure.firstChild);
    }
    if (tables) {
      (stateFigure || box).insertAdjacentElement("afterend", tables);
      Array.prototype.forEach.call(tables.querySelectorAll("table[data-atlas-layer]"), function (t) {
        maps.push({ layer: t.getAttribute("data-atlas-layer"), table: t, el: null });
      });
    }
    function upgrade() {
      if (!stateMap || stateMap.upgraded || !window.atlasCharts) return;
      stateMap.upgraded = true;
      var holder = pending.nextElementSibling, img = stateFigure.querySelector("img.atlas-static-map");
      stateFigure.insertBefore(pending, stateMap.stamp.nextSibling);
      pending.insertAdjacentElement("afterend", holder);
      if (img) { img.classList.add("atlas-static-chart"); img.setAttribute("alt", ""); pending.appendChild(img); }
      pending.className = "atlas-vega";
      window.atlasCharts.add(pending);
    }

    function showTable(m, i) {
      if (!m.table) return;
      text(m.table.querySelector("caption"), caption(m.layer, i));
      var body = m.table.querySelector("tbody");
      body.textContent = "";
      shown(m.layer, i).forEach(function (c) {
        var tr = document.createElement("tr"), a = document.createElement("td"), b = document.createElement("td");
        a.textContent = c.label; b.textContent = c.n.toLocaleString("en-US");
        tr.appendChild(a); tr.appendChild(b); body.appendChild(tr);
      });
    }
    function showStamp(m, i) {
      if (!m.stamp) return;
      var L = data.layers[m.layer], s = snaps[i];
      m.stamp.textContent = "";
      var strong = document.createElement("strong");
      strong.textContent = L.title + " " + s.asof[m.layer] + ".";
      m.stamp.appendChild(strong);
      m.stamp.appendChild(document.createTextNode(" " + s.coverage[m.layer]));
      if (m !== maps[0] && scope === "us") {  // a map further down the page: a way back to the control
        var a = document.createElement("a");
        a.href = "#atlas-when"; a.textContent = box.getAttribute("data-atlas-jump");
        m.stamp.appendChild(document.createTextNode(" "));
        m.stamp.appendChild(a);
      }
      var words = i === last ? null : L.caption.replace("{when}", s.asof[m.layer]);
      if (m.caption) text(m.caption, words || m.captionText);
      if (m.el && m.label) m.el.setAttribute("aria-label", words || m.label);
    }
    function showMap(m, i) {
      var view = m.el && m.el._atlasView;
      if (!view) return;
      if (m.view !== view) {  // a new drawing (first, or after a scheme change): today's rows give names
        m.view = view;
        m.base = view.data("statuses").map(function (r) { return { f: r.f, n: r.n }; });
      }
      var L = data.layers[m.layer], codes = L.codes[i];
      var rows = m.base.map(function (r) {
        var p = position[r.f];
        return { f: r.f, n: r.n, s: p === undefined ? null : L.categories[codes[p]][0] };
      });
      view.change("statuses", view.changeset().remove(function () { return true; }).insert(rows));
      view.signal(LEGEND, shown(m.layer, i).map(function (c) { return c.label; }));
      view.runAsync();
    }

    function show(i, fromUrl) {
      current = i;
      var s = snaps[i];
      slider.value = String(s.year);
      slider.setAttribute("aria-valuetext", s.label);
      text(output, i === last ? box.getAttribute("data-atlas-today") : String(s.year));
      text(live, box.getAttribute("data-atlas-live").replace("{date}", s.label));
      if (i !== last) upgrade();
      maps.forEach(function (m) { showStamp(m, i); showTable(m, i); showMap(m, i); });
      if (!fromUrl && window.history && history.replaceState) {
        var url = new URL(window.location.href);
        if (i === last) url.searchParams.delete("year"); else url.searchParams.set("year", String(s.year));
        history.replaceState(history.state, "", url.toString());
      }
    }
    function indexOfYear(year) {
      for (var i = 0; i < snaps.length; i++) if (snaps[i].year === year) return i;
      return -1;
    }

    function stop() {
      if (timer) { clearInterval(timer); timer = null; }
      text(play, box.getAttribute("data-atlas-play"));
    }
    slider.addEventListener("input", function () {
      stop();
      var i = indexOfYear(parseInt(slider.value, 10));
      if (i !== -1 && i !== current) show(i);
    });
    play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      if (current === last) show(0);
      text(play, box.getAttribute("data-atlas-pause"));
      timer = setInterval(function () {
        if (current >= last) { stop(); return; }
        show(current + 1);
        if (current >= last) stop();
      }, 1500);
    });
    document.addEventListener("atlas:rendered", function (e) {
      maps.forEach(function (m) { if (m.el === e.target) showMap(m, current); });
    });

    var asked = new URLSearchParams(window.location.search).get("year");
    var start = asked === "today" ? last : indexOfYear(parseInt(asked, 10));
    box.hidden = false;
    show(start === -1 ? last : start, true);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
