"use strict";
// The interactive parts of a mailgraph HTML report: tables sort on a click
// on a column header and filter as one types, and a click on a node of the
// diagram highlights the paths through it. It reads the page it is in and
// nothing else: it makes no request and writes text only (textContent).
(function () {
  var each = function (list, f) { Array.prototype.forEach.call(list, f); };

  each(document.querySelectorAll("table"), function (table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    var heads = table.tHead.rows[0].cells;
    each(heads, function (th, column) {
      th.classList.add("sortable");
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      var sort = function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        each(heads, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = rows.length > 0 && rows[0].cells[column] &&
          rows[0].cells[column].classList.contains("n");
        rows.sort(function (a, b) {
          var x = a.cells[column] ? a.cells[column].textContent : "";
          var y = b.cells[column] ? b.cells[column].textContent : "";
          var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        each(rows, function (row) { body.appendChild(row); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  });

  each(document.querySelectorAll("input.filter"), function (input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    var shown = document.getElementById(input.getAttribute("data-table") + "-shown");
    if (!table || !table.tBodies.length) { return; }
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var rows = table.tBodies[0].rows;
      var count = 0;
      each(rows, function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !words.every(function (word) { return text.indexOf(word) >= 0; });
        if (!row.hidden) { count += 1; }
      });
      if (shown) {
        shown.textContent = words.length ? count + " of " + rows.length + " rows shown" : "";
      }
    });
  });

  var svg = document.querySelector(".diagram svg");
  var status = document.getElementById("diagram-status");
  if (!svg || !status) { return; }
  var nodes = {};
  var into = {};
  var out = {};
  var title = function (g) {
    var t = g.querySelector("title");
    return t ? t.textContent : "";
  };
  var label = function (g) {
    var parts = [];
    each(g.querySelectorAll("text"), function (t) { parts.push(t.textContent); });
    return parts.join(" ");
  };
  each(svg.querySelectorAll("g.node"), function (g) {
    var id = title(g);
    if (id.indexOf("legend_") === 0) { return; }
    nodes[id] = g;
    into[id] = [];
    out[id] = [];
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
  });
  each(svg.querySelectorAll("g.edge"), function (g) {
    var ends = title(g).split("->");
    if (ends.length !== 2 || !nodes[ends[0]] || !nodes[ends[1]]) { return; }
    var edge = { from: ends[0], to: ends[1], g: g };
    out[ends[0]].push(edge);
    into[ends[1]].push(edge);
  });
  // Everything on a path into `start` (next = into, end = "from") or on
  // from it (next = out, end = "to"): a breadth-first walk of the drawing.
  var walk = function (start, next, end, lit) {
    var seen = {};
    seen[start] = true;
    var queue = [start];
    while (queue.length) {
      var id = queue.shift();
      each(next[id], function (edge) {
        lit.push(edge.g);
        var other = edge[end];
        if (!seen[other]) {
          seen[other] = true;
          lit.push(nodes[other]);
          queue.push(other);
        }
      });
    }
  };
  var selected = null;
  var clear = function () {
    svg.classList.remove("selecting");
    each(svg.querySelectorAll(".lit"), function (g) { g.classList.remove("lit"); });
  };
  var select = function (id) {
    clear();
    if (selected === id) {
      selected = null;
      status.textContent = "Click a node to highlight the paths through it.";
      return;
    }
    selected = id;
    var lit = [nodes[id]];
    walk(id, into, "from", lit);
    walk(id, out, "to", lit);
    svg.classList.add("selecting");
    each(lit, function (g) { g.classList.add("lit"); });
    var edges = lit.filter(function (g) { return g.classList.contains("edge"); }).length;
    status.textContent = "Paths through " + label(nodes[id]) + ": " +
      (lit.length - edges) + " nodes, " + edges + " edges highlighted (click it again to clear).";
  };
  Object.keys(nodes).forEach(function (id) {
    nodes[id].addEventListener("click", function () { select(id); });
    nodes[id].addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(id); }
    });
  });
}());
