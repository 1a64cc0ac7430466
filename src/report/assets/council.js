// One page per council, inside this file: report.html#council/E10000018.
// Built from the data block with textContent and DOM calls only (no data
// string is parsed as HTML); the rest of the report is hidden meanwhile.
(function () {
  "use strict";
  var ibcf = window.ibcf;
  var data = ibcf.data, el = ibcf.el, pct = ibcf.pct, money = ibcf.money;
  var page = document.getElementById("council-page");
  if (!page) return;
  var byCode = {};
  data.rows.forEach(function (r) { byCode[r.code] = r; });
  // The SVG namespace, taken from the page's own inline SVG (no URL literal).
  var SVG = (document.querySelector("svg") || {}).namespaceURI;

  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function table(head, rows) {
    var t = el("table", undefined, "data"), tr = el("tr");
    head.forEach(function (h, i) { tr.appendChild(el("th", h, i ? "num" : "")); });
    t.appendChild(el("thead")).appendChild(tr);
    var tb = t.appendChild(el("tbody"));
    rows.forEach(function (r) {
      var row = el("tr");
      r.forEach(function (v, i) { row.appendChild(el("td", v, i ? "num" : "")); });
      tb.appendChild(row);
    });
    var wrap = el("div", undefined, "scroll");
    wrap.appendChild(t);
    return wrap;
  }
  function nice(c) { return c.replace(/_/g, " "); }

  // Per council the money is all or nothing (share × allocation when
  // reviewed), so the amount if reviewed is risk / p and the P95 is that
  // amount when p ≥ 5%, else 0.
  function ifReviewed(b) { return b.p > 0 ? b.risk / b.p : 0; }

  // Only the criteria of the option's own rule can be why it reviewed a
  // council (o.criteria: their indices, decided in Rust from the rule text).
  function inRule(o, i) { return !o.criteria || o.criteria.indexOf(i) >= 0; }

  function because(o, b) {
    if (!b.why || b.p === 0) return "never reviewed in the " + data.trials + " simulated futures";
    var held = [];
    data.criteria.forEach(function (c, i) {
      if (inRule(o, i) && b.why[i] !== null && b.why[i] >= 0.5) held.push({ c: c, w: b.why[i] });
    });
    held.sort(function (a, b2) { return b2.w - a.w; });
    if (!held.length) return "reviewed through no single criterion most of the time";
    return "reviewed mostly because " + held.map(function (h) {
      return nice(h.c) + " (" + pct(h.w) + " of the futures in which it was reviewed)";
    }).join(", ");
  }

  function fan(code, metric, s) {
    var W = 640, H = 260, L = 48, R = 12, T = 22, B = 34;
    var n = s.m.length, lo = s.q[0][0], hi = s.q[0][4];
    s.q.forEach(function (q) { lo = Math.min(lo, q[0]); hi = Math.max(hi, q[4]); });
    s.t.forEach(function (t) { if (t !== null) { lo = Math.min(lo, t); hi = Math.max(hi, t); } });
    lo = Math.min(0, lo); hi = hi > lo ? hi * 1.05 : lo + 1;
    var x = function (i) { return L + (W - L - R) * (n > 1 ? i / (n - 1) : 0.5); };
    var y = function (v) { return T + (H - T - B) * (1 - (v - lo) / (hi - lo)); };
    var svg = svgEl("svg", { viewBox: "0 0 " + W + " " + H, "class": "fan", role: "img",
      "aria-label": "Fan chart of " + metric + " for " + code });
    function band(a, b, fill) {
      var d = "";
      for (var i = 0; i < n; i++) d += (i ? "L" : "M") + x(i).toFixed(1) + "," + y(s.q[i][a]).toFixed(1);
      for (var j = n - 1; j >= 0; j--) d += "L" + x(j).toFixed(1) + "," + y(s.q[j][b]).toFixed(1);
      svg.appendChild(svgEl("path", { d: d + "Z", fill: fill }));
    }
    function line(vals, attrs) {
      var d = "", pen = false;
      vals.forEach(function (v, i) {
        if (v === null) { pen = false; return; }
        d += (pen ? "L" : "M") + x(i).toFixed(1) + "," + y(v).toFixed(1);
        pen = true;
      });
      if (d) { attrs.d = d; attrs.fill = "none"; svg.appendChild(svgEl("path", attrs)); }
    }
    for (var k = 0; k <= 4; k++) {
      var v = lo + (hi - lo) * k / 4;
      svg.appendChild(svgEl("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: "#e4e4e4" }));
      var tl = svgEl("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", "font-size": 11 });
      tl.textContent = v.toFixed(1);
      svg.appendChild(tl);
    }
    band(0, 4, "#c6dbef");
    band(1, 3, "#6baed6");
    line(s.q.map(function (q) { return q[2]; }), { stroke: "#08306b", "stroke-width": 2 });
    line(s.t, { stroke: "#d62728", "stroke-width": 2, "stroke-dasharray": "6 4" });
    s.m.forEach(function (m, i) {
      if (m === data.first_month || m === data.decision_month) {
        svg.appendChild(svgEl("line", { x1: x(i), x2: x(i), y1: T, y2: H - B, stroke: "#888", "stroke-dasharray": "2 3" }));
      }
      if (i === 0 || i === n - 1 || m === data.first_month || m === data.decision_month) {
        // The end labels sit inside the drawing (centred, "2017-11" was cut to "2017-1").
        var anchor = i === 0 ? "start" : i === n - 1 ? "end" : "middle";
        var t = svgEl("text", { x: x(i), y: H - B + 16, "text-anchor": anchor, "font-size": 11 });
        t.textContent = m;
        svg.appendChild(t);
      }
    });
    var title = svgEl("text", { x: L, y: 14, "font-size": 13, "font-weight": "bold" });
    title.textContent = metric + ": delayed days per day per 100,000 aged 18+";
    svg.appendChild(title);
    return svg;
  }

  function render(code) {
    var r = byCode[code];
    page.textContent = "";
    var back = el("a", "← Back to the report");
    back.href = "#councils";
    page.appendChild(back);
    if (!r) {
      page.appendChild(el("h2", "No council " + code + " in this run"));
      return;
    }
    page.setAttribute("data-code", code);
    page.appendChild(el("h2", r.name));
    page.appendChild(el("p", r.code + " · " + r.region + " · allocation " + money(r.allocation), "hint"));

    page.appendChild(el("h3", "Probability of review and money, by option"));
    var rows = data.options.map(function (o) {
      var b = r.by[o.id];
      if (!b) return [o.name, "—", "", "", "", "", ""];
      var amount = ifReviewed(b);
      return [o.name, pct(b.p) + " ± " + pct(1.96 * b.se), pct(b.lo) + " – " + pct(b.hi),
        money(b.risk) + " " + o.words, money(b.p >= 0.05 ? amount : 0), money(amount), money(b.net)];
    });
    page.appendChild(table(["Option", "P(review) ± 95%", "95% interval", "Expected money (mean)",
      "P95", "If reviewed", "Expected net change"], rows));
    page.appendChild(el("p", "Money per council is all or nothing: the option's share of the allocation if " +
      "reviewed, nothing otherwise; so its P95 is the full amount when P(review) is 5% or more.", "hint"));

    page.appendChild(el("h3", "Why"));
    var ul = el("ul");
    data.options.forEach(function (o) {
      var b = r.by[o.id];
      if (b) ul.appendChild(el("li", o.name + ": " + because(o, b) + "."));
    });
    page.appendChild(ul);
    var crit = data.criteria.map(function (c, i) {
      return [nice(c), pct(r.crit[i])].concat(data.options.map(function (o) {
        var w = r.by[o.id] && r.by[o.id].why[i];
        return !inRule(o, i) ? "·" : w === null || w === undefined ? "—" : pct(w);
      }));
    });
    var ct = table(["Criterion", "Met in all futures"].concat(data.options.map(function (o) {
      return "When reviewed: " + o.name;
    })), crit);
    ct.classList.add("criteria");
    page.appendChild(ct);
    page.appendChild(el("p", "“When reviewed”: how often the criterion held in the futures in which " +
      "the option reviewed the council; · the criterion is not in that option's rule; — never reviewed.", "hint"));

    page.appendChild(el("h3", "Caught by noise"));
    var noise = data.options.filter(function (o) {
      var b = r.by[o.id];
      return b && b.wn !== null && b.wn !== undefined;
    }).map(function (o) {
      var b = r.by[o.id], share = b.p > 0 ? Math.max(0, b.p - b.wn) / b.p : 0;
      return o.name + ": " + pct(b.p) + " with counting noise, " + pct(b.wn) + " without; " +
        pct(share) + " of its risk is due to noise in the published counts.";
    });
    if (!noise.length) noise = ["This run has no noise check (run without --no-noise-check)."];
    var nl = el("ul");
    noise.forEach(function (t) { nl.appendChild(el("li", t)); });
    page.appendChild(nl);

    page.appendChild(el("h3", "Possible paths against the target"));
    var paths = data.paths[code] || {};
    Object.keys(paths).forEach(function (m) { page.appendChild(fan(code, m, paths[m])); });
    page.appendChild(el("p", "Dark line: the median of the simulated futures; bands: 50% and 90% of them; " +
      "red dashes: the target; dotted lines: the first simulated month and the decision month.", "hint"));

    page.appendChild(el("h3", "What would make it safe"));
    var st = data.stress && data.stress[code];
    if (st) {
      st.forEach(function (t) { page.appendChild(el("p", t)); });
    } else {
      var p = el("p", "This run has no stress test for this council. Run ");
      p.appendChild(el("code", "ibcf stress <scenario> --council " + code));
      p.appendChild(document.createTextNode(" for the monthly improvement needed to be safe, with its own workbook; then "));
      p.appendChild(el("code", "ibcf report <this folder> --stress output/stress-" + code));
      p.appendChild(document.createTextNode(" shows it here."));
      page.appendChild(p);
    }
    var cons = data.consequences && data.consequences[code];
    if (cons) {
      page.appendChild(el("h3", "Consequences"));
      page.appendChild(table(["Figure", "Value"], cons.map(function (c) { return [c.label, c.value]; })));
    }
  }

  function route() {
    var m = /^#council\/([A-Za-z0-9]+)$/.exec(window.location.hash);
    if (m) {
      render(m[1]);
      page.hidden = false;
      document.body.classList.add("council-mode");
      window.scrollTo(0, 0);
    } else if (!page.hidden) {
      page.hidden = true;
      document.body.classList.remove("council-mode");
    }
  }
  window.addEventListener("hashchange", route);
  route();
})();
