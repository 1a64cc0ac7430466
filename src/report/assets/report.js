// Council table: built from the JSON block above, sortable and filterable.
// Uses textContent only, so no data string is ever parsed as HTML.
(function () {
  "use strict";
  window.addEventListener("error", function (e) {
    document.body.setAttribute("data-script-error", String(e.message || "error"));
  });
  var data = JSON.parse(document.getElementById("council-data").textContent);
  var optSel = document.getElementById("opt");
  var regSel = document.getElementById("region");
  var query = document.getElementById("q");
  var head = document.getElementById("councils-head");
  var body = document.getElementById("councils-body");
  var count = document.getElementById("count");
  var sortKey = "p", sortDir = -1;

  function pct(p) { return (100 * p).toFixed(1) + "%"; }
  function money(x) {
    var r = Math.round(Math.abs(x)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (x < -0.5 ? "-£" : "£") + r;
  }
  // Tooltip: how often each criterion held in the futures where the council was reviewed.
  function why(b) {
    var parts = [];
    data.criteria.forEach(function (c, i) {
      if (b.why && b.why[i] !== null && b.why[i] !== undefined) parts.push(c + ": " + pct(b.why[i]));
    });
    return parts.length ? "When reviewed under this option — " + parts.join(", ") : "Never reviewed under this option";
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  // Shared with map.js and council.js.
  window.ibcf = { data: data, pct: pct, money: money, el: el, why: why };

  var columns = [
    { key: "name", label: "Council", get: function (r) { return r.name; } },
    { key: "code", label: "Code", get: function (r) { return r.code; } },
    { key: "region", label: "Region", get: function (r) { return r.region; } },
    { key: "allocation", label: "Allocation", num: true, get: function (r) { return r.allocation; }, fmt: money },
    { key: "p", label: "P(review)", num: true, get: function (r, o) { return r.by[o].p; }, bar: true },
    { key: "ci", label: "95% interval", num: true, get: function (r, o) { return r.by[o].lo; },
      show: function (r, o) { return pct(r.by[o].lo) + " – " + pct(r.by[o].hi); } },
    { key: "risk", label: "Expected money", num: true, get: function (r, o) { return r.by[o].risk; }, fmt: money },
    { key: "net", label: "Expected net change", num: true, get: function (r, o) { return r.by[o].net; }, fmt: money }
  ];
  data.criteria.forEach(function (c, i) {
    columns.push({ key: "c" + i, label: "P(" + c.replace(/_/g, " ") + ")", num: true, crit: true,
      get: function (r) { return r.crit[i]; }, fmt: pct });
  });

  data.options.forEach(function (o) {
    var e = el("option", o.id + (o.label ? " — " + o.label : ""));
    e.value = o.id;
    optSel.appendChild(e);
  });
  var regions = [];
  data.rows.forEach(function (r) { if (regions.indexOf(r.region) < 0) regions.push(r.region); });
  regions.sort().forEach(function (g) { var e = el("option", g); e.value = g; regSel.appendChild(e); });

  columns.forEach(function (c) {
    var th = el("th", c.label, (c.num ? "num" : "") + (c.crit ? " crit" : ""));
    th.setAttribute("data-key", c.key);
    th.setAttribute("scope", "col");
    th.addEventListener("click", function () {
      sortDir = sortKey === c.key ? -sortDir : (c.num ? -1 : 1);
      sortKey = c.key;
      draw();
    });
    head.appendChild(th);
  });

  function draw() {
    var o = optSel.value;
    var q = query.value.trim().toLowerCase();
    var g = regSel.value;
    var col = columns.filter(function (c) { return c.key === sortKey; })[0] || columns[4];
    var rows = data.rows.filter(function (r) {
      if (!r.by[o]) return false;
      if (g && r.region !== g) return false;
      if (!q) return true;
      return (r.name + " " + r.code + " " + r.region).toLowerCase().indexOf(q) >= 0;
    });
    rows.sort(function (a, b) {
      var x = col.get(a, o), y = col.get(b, o);
      if (x < y) return -sortDir;
      if (x > y) return sortDir;
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
    while (body.firstChild) body.removeChild(body.firstChild);
    rows.forEach(function (r) {
      var tr = el("tr", undefined, "c-row");
      columns.forEach(function (c) {
        var v = c.get(r, o);
        var td = el("td", undefined, c.num ? "num" : "");
        if (c.key === "name") {
          var a = el("a", r.name);
          a.href = "#council/" + r.code;
          td.appendChild(a);
        } else if (c.bar) {
          var b = el("span", undefined, "bar");
          b.style.width = Math.round(60 * v) + "px";
          td.appendChild(b);
          td.appendChild(document.createTextNode(pct(v)));
          td.title = why(r.by[o]);
        } else {
          td.textContent = c.show ? c.show(r, o) : c.fmt ? c.fmt(v) : v;
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    var chosen = data.options.filter(function (x) { return x.id === o; })[0];
    Array.prototype.forEach.call(head.children, function (th) {
      if (th.getAttribute("data-key") === "risk" && chosen && chosen.money) {
        th.textContent = chosen.money;
      }
      if (th.getAttribute("data-key") === sortKey) {
        th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
    count.textContent = "Showing " + rows.length + " of " + data.rows.length + " councils";
    shown = { rows: rows, option: o };
  }

  // CSV of the rows shown, in the order shown, with full-precision numbers.
  var shown = { rows: [], option: "" };
  function csvField(v) {
    var s = v === null || v === undefined ? "" : String(v);
    return /[",\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
  }
  function shownCsv() {
    var head = ["option", "code", "name", "region", "allocation", "p_review", "p_review_se",
      "ci_low", "ci_high", "expected_at_risk", "expected_net_change"];
    data.criteria.forEach(function (c) { head.push("p_" + c); });
    var lines = [head.join(",")];
    shown.rows.forEach(function (r) {
      var b = r.by[shown.option];
      var f = [shown.option, r.code, r.name, r.region, r.allocation, b.p, b.se, b.lo, b.hi, b.risk, b.net];
      lines.push(f.concat(r.crit).map(csvField).join(","));
    });
    return lines.join("\n") + "\n";
  }
  document.getElementById("download").addEventListener("click", function () {
    var a = el("a");
    a.href = "data:text/csv;charset=utf-8," + encodeURIComponent(shownCsv());
    a.download = "councils-shown-" + shown.option + ".csv";
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
  });
  window.ibcf.shownCsv = shownCsv;

  optSel.addEventListener("change", draw);
  regSel.addEventListener("change", draw);
  query.addEventListener("input", draw);
  draw();
  document.body.setAttribute("data-ready", "1");
})();
