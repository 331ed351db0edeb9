// The stakeholder map's controls, in plain JavaScript: no library but vis-network.
// The page's data arrive as JSON (see map_html in network_chart.py). Whole-line comments
// and indentation are dropped when the page is built (network_chart._compact).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var view = data.view;
  var cols = data.nodes, ecols = data.edges;
  var n = cols.id.length, m = ecols.from.length;
  var ids = cols.id, names = cols.label;
  var index = {};
  for (var i = 0; i < n; i++) { index[ids[i]] = i; }
  function column(source, key, size) { return source[key] || new Array(size); }
  var pinned = cols.pinned || null;  // no column: every label is shown
  var dimmed = column(cols, "dimmed", n), border = column(cols, "border", n);
  var scheme = 0, hovered = null, picked = {}, matches = [], at = 0;

  var crowded = {};  // pinned labels set aside while a more important one is in their way
  function labelled(k) {
    var id = ids[k];
    if (picked[id] === true || hovered === id || !pinned) { return true; }
    return !!pinned[k] && !crowded[id];
  }
  function colourOf(k) {
    var c = view.colorings.length ? cols[view.colorings[scheme]][k] : null;
    if (dimmed[k]) { return view.dimmed; }
    return c || (cols.color && cols.color[k]) || view.neutral;
  }
  function paint(k) {
    var c = colourOf(k), line = border[k] || c;
    return {
      background: c, border: line,
      highlight: { background: c, border: view.highlight },
      hover: { background: c, border: view.highlight }
    };
  }
  function nodeItem(k) {
    var item = {
      id: ids[k], label: labelled(k) ? names[k] : "", color: paint(k),
      opacity: dimmed[k] ? view.dimOpacity : 1, borderWidth: border[k] ? 4 : 1,
      font: { color: dimmed[k] ? view.muted : view.ink }
    };
    ["title", "size", "x", "y"].forEach(function (key) {
      if (cols[key] && cols[key][k] !== null) { item[key] = cols[key][k]; }
    });
    return item;
  }
  function edgeItem(j) {
    var c = (ecols.color && ecols.color[j]) || view.edge;
    var dim = ecols.dimmed && ecols.dimmed[j];
    var item = {
      id: j, from: ecols.from[j], to: ecols.to[j], dashes: !!(ecols.dashes && ecols.dashes[j]),
      color: { color: dim ? view.dimmed : c, highlight: c, hover: c,
               opacity: dim ? view.dimOpacity : 1 }
    };
    if (ecols.width && ecols.width[j] !== null) { item.width = ecols.width[j]; }
    var title = ecols.title ? ecols.title[j] : null;
    if (ecols.named && ecols.named[j]) {  // the first line, both names, travelled as a flag
      title = names[index[item.from]] + " \u2013 " + names[index[item.to]] + "\n" + title;
    }
    if (title !== null) { item.title = title; }
    return item;
  }
  var nodeItems = [], edgeItems = [];
  for (i = 0; i < n; i++) { nodeItems.push(nodeItem(i)); }
  for (i = 0; i < m; i++) { edgeItems.push(edgeItem(i)); }
  var nodes = new vis.DataSet(nodeItems), edges = new vis.DataSet(edgeItems);
  var box = document.getElementById("map");
  var network = new vis.Network(box, { nodes: nodes, edges: edges }, data.options);

  function relabel(list) {
    var changes = [];
    list.forEach(function (id) {
      var k = index[id];
      if (k !== undefined) { changes.push({ id: id, label: labelled(k) ? names[k] : "" }); }
    });
    if (changes.length) { nodes.update(changes); }
  }
  function pick(list) {
    var before = Object.keys(picked);
    picked = {};
    list.forEach(function (id) { picked[id] = true; });
    relabel(before.concat(list));
    declutter();
  }

  // Labels drawn over each other help nobody: place pinned labels in rank order (searched and
  // tapped ones first) and hold back any that would overlap one already placed. Zooming in
  // spreads the dots apart, so each zoom places them again.
  var ranked = [];
  if (pinned) {
    for (i = 0; i < n; i++) { if (pinned[i]) { ranked.push(i); } }
    ranked.sort(function (a, b) { return pinned[a] - pinned[b]; });
  }
  var measure = document.createElement("canvas").getContext("2d");
  var lastScale = null, pending = false;
  function declutter() {
    if (!ranked.length || lastScale === null) { return; }
    var scale = network.getScale(), px = Math.min(labelSize * scale, view.maxLabelPx);
    lastScale = scale;
    measure.font = px + "px sans-serif";
    var first = Object.keys(picked).filter(function (id) { return index[id] !== undefined; });
    var order = first.map(function (id) { return index[id]; }).concat(ranked.filter(
      function (k) { return picked[ids[k]] !== true; }));
    var where = network.getPositions(order.map(function (k) { return ids[k]; }));
    var placed = [], before = crowded, changed = [];
    crowded = {};
    order.forEach(function (k) {
      var id = ids[k], p = network.canvasToDOM(where[id]);
      var r = ((cols.size && cols.size[k]) || 10) * scale, w = measure.measureText(names[k]).width;
      var box = { l: p.x - w / 2 - 2, r: p.x + w / 2 + 2, t: p.y + r, b: p.y + r + px * 1.3 };
      var clash = placed.some(function (o) {
        return box.l < o.r && o.l < box.r && box.t < o.b && o.t < box.b;
      });
      if (clash && picked[id] !== true) { crowded[id] = true; } else { placed.push(box); }
      if (!!crowded[id] !== !!before[id]) { changed.push(id); }
    });
    relabel(changed);
  }
  network.on("afterDrawing", function () {
    if (pending || lastScale === null || Math.abs(network.getScale() - lastScale) < 1e-9) {
      return;
    }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; declutter(); });
  });
  network.on("dragEnd", function () { declutter(); });
  network.on("hoverNode", function (p) {
    var old = hovered;
    hovered = p.node;
    relabel([old, p.node]);
  });
  network.on("blurNode", function () {
    var old = hovered;
    hovered = null;
    relabel([old]);
  });
  // A tap (or click) shows the label of what it selected: touch screens have no hover.
  network.on("select", function () { pick(network.getSelectedNodes()); });

  var fitScale = 1, labelSize = view.labelPx;
  function fit(animate) {
    var motion = animate ? { duration: 300, easingFunction: "easeInOutQuad" } : false;
    zoomTarget = null;
    network.fit({ animation: motion });
  }
  // Clicks during a zoom's animation build on where it is heading, not on where it is now,
  // so two quick clicks zoom twice as far.
  var zoomTarget = null;
  network.on("animationFinished", function () { zoomTarget = null; });
  function zoom(factor) {
    var from = zoomTarget === null ? network.getScale() : zoomTarget;
    zoomTarget = Math.min(fitScale * 16, Math.max(fitScale / 8, from * factor));
    network.moveTo({ position: network.getViewPosition(), scale: zoomTarget,
                     animation: { duration: 200, easingFunction: "easeInOutQuad" } });
  }

  var found = document.getElementById("found");
  function say(text) { if (found) { found.textContent = text; } }
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var folded = names.map(fold);
  function focusOn(k) {
    at = k;
    var id = matches[k];
    network.focus(id, { scale: Math.max(network.getScale(), fitScale * 1.6),
                        animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    say(matches.length === 1 ? "Found " + names[index[id]]
        : (k + 1) + " of " + matches.length + ": " + names[index[id]] + " (Enter for the next)");
  }
  function find(query) {
    var q = fold(query).trim();
    matches = [];
    if (!q) { network.unselectAll(); pick([]); say(""); return matches; }
    var exact = [], starts = [], inside = [];
    for (var k = 0; k < n; k++) {
      var where = folded[k].indexOf(q);
      if (where < 0) { continue; }
      (folded[k] === q ? exact : where === 0 ? starts : inside).push(ids[k]);
    }
    matches = exact.concat(starts, inside);
    if (!matches.length) {
      network.unselectAll();
      pick([]);
      say("No name matches");
      return matches;
    }
    network.selectNodes(matches);
    pick(matches);
    focusOn(0);
    return matches;
  }
  var input = document.getElementById("find");
  if (input) {
    input.addEventListener("input", function () { find(input.value); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        e.preventDefault();
        if (matches.length) { focusOn((at + 1) % matches.length); }
      } else if (e.key === "Escape") { input.value = ""; find(""); }
    });
    // Suggestions are filled on first use: a long list costs nothing until someone searches.
    input.addEventListener("focus", function () {
      var list = document.getElementById("names");
      if (!list || list.childElementCount) { return; }
      names.slice().sort().forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        list.appendChild(option);
      });
    }, { once: true });
  }

  var select = document.getElementById("colour-by");
  function colourBy(k) {
    scheme = k;
    var changes = [];
    for (var j = 0; j < n; j++) { changes.push({ id: ids[j], color: paint(j) }); }
    nodes.update(changes);
    document.querySelectorAll("#key [data-coloring]").forEach(function (block) {
      block.hidden = Number(block.getAttribute("data-coloring")) !== k;
    });
    if (select) { select.value = String(k); }
  }
  if (select) {
    select.addEventListener("change", function () { colourBy(Number(select.value)); });
  }

  function on(id, handler) {
    var button = document.getElementById(id);
    if (button) { button.addEventListener("click", handler); }
  }
  on("zoom-in", function () { zoom(1.4); });
  on("zoom-out", function () { zoom(1 / 1.4); });
  on("fit", function () { fit(true); });
  on("reset", function () {
    if (input) { input.value = ""; }
    matches = [];
    hovered = null;
    network.unselectAll();
    pick([]);
    say("");
    colourBy(0);
    fit(true);
  });

  // vis-network measures in layout units, so labels and dots shrink with the layout's extent.
  // Once the map has a size, stretch the positions to screen pixels and set the label font so
  // labels are LABEL_PX high at the first fit (a few rounds: labels count in the fitted box).
  var settled = false;
  function settle() {
    if (settled || box.clientWidth < 20 || box.clientHeight < 20) { return; }
    settled = true;
    if (view.positioned && !data.options.physics.enabled && n) {
      fit(false);
      var s = network.getScale();
      if (s > 0 && isFinite(s)) {
        var pos = network.getPositions(), moves = [];
        ids.forEach(function (id) { moves.push({ id: id, x: pos[id].x * s, y: pos[id].y * s }); });
        nodes.update(moves);
      }
    }
    for (var round = 0; round < 3; round++) {
      fit(false);
      fitScale = network.getScale() || 1;
      labelSize = view.labelPx / fitScale;
      network.setOptions({ nodes: { font: { size: labelSize } } });
    }
    window.workbenchMap.labelSize = labelSize;
    window.workbenchMap.fitScale = fitScale;
    lastScale = network.getScale();
    declutter();
    document.body.setAttribute("data-ready", "1");
  }
  // For the notebook's own tests and for anyone debugging the map in the browser console.
  window.workbenchMap = { network: network, nodes: nodes, edges: edges, find: find,
                          colourBy: colourBy, labelSize: null, fitScale: null };
  if (data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", settle);
  } else {
    settle();
  }
  // A map drawn while hidden (Voila reveals cells late) settles once it has a size.
  network.on("resize", function () { if (!data.options.physics.enabled) { settle(); } });
  window.addEventListener("resize", function () {
    if (!data.options.physics.enabled) { settle(); }
  });
  // The first draw can happen inside the constructor, before a listener exists: redraw once
  // more so pages and tests can tell when the map is on screen.
  network.once("afterDrawing", function () { document.body.setAttribute("data-drawn", "1"); });
  network.redraw();
})();
