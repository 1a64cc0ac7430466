// Hex maps: recolour for the chosen option (colours come from the data
// block, decided in Rust), a hover tooltip, and a click opens the council page
// (each hex is inside a link to #council/CODE).
(function () {
  "use strict";
  var ibcf = window.ibcf;
  var data = ibcf.data;
  var sel = document.getElementById("map-opt");
  var tip = document.getElementById("map-tip");
  var words = document.getElementById("money-words");
  if (!sel || !tip) return;
  var byCode = {};
  data.rows.forEach(function (r) { byCode[r.code] = r; });
  var hexes = document.querySelectorAll("svg.hexmap path.hex");

  function colour() {
    var o = sel.value;
    var opt = data.options.filter(function (x) { return x.id === o; })[0];
    if (words && opt) words.textContent = opt.words;
    Array.prototype.forEach.call(hexes, function (p) {
      var r = byCode[p.getAttribute("data-code")];
      var b = r && r.by[o];
      if (!b) return;
      var money = p.parentNode.parentNode.id === "map-money";
      p.setAttribute("fill", money ? b.fm : b.fp);
      var t = p.querySelector("title");
      if (t) t.textContent = b.tip;
    });
    ibcf.mapOption = o;
  }

  function show(e) {
    var p = e.target;
    if (!p.classList || !p.classList.contains("hex")) return;
    var r = byCode[p.getAttribute("data-code")];
    var b = r && r.by[sel.value];
    if (!b) return;
    tip.textContent = "";
    tip.appendChild(ibcf.el("strong", r.name));
    tip.appendChild(ibcf.el("div", "P(review) " + ibcf.pct(b.p) + " ± " + ibcf.pct(1.96 * b.se)));
    var opt = data.options.filter(function (x) { return x.id === sel.value; })[0];
    tip.appendChild(ibcf.el("div", "Expected " + (opt ? opt.words : "at risk") + " " + ibcf.money(b.risk) +
      " of " + ibcf.money(r.allocation)));
    tip.appendChild(ibcf.el("div", "Click for the council's page", "muted"));
    tip.hidden = false;
    var box = p.getBoundingClientRect();
    tip.style.left = Math.round(window.scrollX + box.right + 6) + "px";
    tip.style.top = Math.round(window.scrollY + box.top - 6) + "px";
    tip.setAttribute("data-code", r.code);
  }
  function hide(e) {
    if (e.target.classList && e.target.classList.contains("hex")) tip.hidden = true;
  }

  Array.prototype.forEach.call(document.querySelectorAll("svg.hexmap"), function (svg) {
    svg.addEventListener("mouseover", show);
    svg.addEventListener("mouseout", hide);
  });
  sel.addEventListener("change", colour);
  // The table's option choice follows the map's, and back.
  var tableSel = document.getElementById("opt");
  if (tableSel) {
    sel.addEventListener("change", function () {
      if (tableSel.value !== sel.value) {
        tableSel.value = sel.value;
        tableSel.dispatchEvent(new Event("change"));
      }
    });
    tableSel.addEventListener("change", function () {
      if (sel.value !== tableSel.value) { sel.value = tableSel.value; colour(); }
    });
  }
  colour();
  document.body.setAttribute("data-map-ready", String(hexes.length));
})();
