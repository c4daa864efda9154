(function () {
  "use strict";
  // Filters, the hover/focus note and jumps to a place. Without this script every mark and note stays visible.
  var doc = document;
  var root = doc.documentElement;
  root.classList.remove("nojs");
  root.classList.add("js");

  var boxes = Array.prototype.slice.call(doc.querySelectorAll("input[data-group]"));
  var items = Array.prototype.slice.call(doc.querySelectorAll("mark[data-f], li.note[data-f], tr[data-f]"));
  var total = doc.querySelectorAll("li.note[data-f]").length;
  var status = doc.getElementById("tq-status");

  function apply() {
    var off = { s: Object.create(null), c: Object.create(null), r: Object.create(null) };
    boxes.forEach(function (box) {
      if (!box.checked) off[box.getAttribute("data-group")][box.value] = true;
    });
    var shown = 0;
    items.forEach(function (el) {
      var hide = off.s[el.getAttribute("data-s")] || off.c[el.getAttribute("data-c")] || off.r[el.getAttribute("data-r")];
      el.classList.toggle("off", !!hide);
      if (el.id && el.tagName === "MARK") el.tabIndex = hide ? -1 : 0; // a hidden mark is no tab stop
      if (!hide && el.tagName === "LI") shown += 1;
    });
    if (status) status.textContent = shown + " von " + total + " Befunden sichtbar";
  }

  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  function setAll(severityOnly) {
    boxes.forEach(function (box) {
      box.checked = severityOnly ? box.getAttribute("data-group") !== "s" || box.value === severityOnly : true;
    });
    apply();
  }
  var onlyErrors = doc.getElementById("tq-only-errors");
  if (onlyErrors) onlyErrors.addEventListener("click", function () { setAll("error"); });
  var showAll = doc.getElementById("tq-show-all");
  if (showAll) showAll.addEventListener("click", function () { setAll(null); });

  // One tooltip for all marks: the finding's note, on hover and on keyboard focus.
  var tip = doc.createElement("div");
  tip.id = "tq-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  doc.body.appendChild(tip);
  var current = null;

  function noteOf(mark) { return doc.getElementById("note-" + mark.getAttribute("data-f")); }

  function show(mark) {
    var note = noteOf(mark);
    if (!note) return;
    if (current) current.classList.remove("current");
    current = note;
    note.classList.add("current");
    tip.textContent = "";
    Array.prototype.forEach.call(note.children, function (child) {
      var copy = child.cloneNode(true);
      Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
      tip.appendChild(copy);
    });
    tip.hidden = false;
    var box = mark.getBoundingClientRect();
    var left = Math.max(8, Math.min(box.left, root.clientWidth - tip.offsetWidth - 8));
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
  }

  function hide() {
    tip.hidden = true;
    if (current) current.classList.remove("current");
    current = null;
  }

  function markAt(target) { return target && target.closest ? target.closest("mark[data-f]") : null; }
  doc.addEventListener("mouseover", function (ev) { var m = markAt(ev.target); if (m) show(m); });
  doc.addEventListener("mouseout", function (ev) { if (markAt(ev.target) && doc.activeElement !== markAt(ev.target)) hide(); });
  doc.addEventListener("focusin", function (ev) { var m = markAt(ev.target); if (m) show(m); else hide(); });
  doc.addEventListener("focusout", function (ev) { if (markAt(ev.target)) hide(); });
  doc.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hide(); });

  // A jump (name spelling, claim, note number) scrolls the mark into view and gives it the focus.
  doc.addEventListener("click", function (ev) {
    var link = ev.target.closest ? ev.target.closest("a[data-jump]") : null;
    if (!link) return;
    var mark = doc.getElementById(link.getAttribute("data-jump"));
    if (!mark) return;
    ev.preventDefault();
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
    mark.classList.add("flash");
    window.setTimeout(function () { mark.classList.remove("flash"); }, 1500);
  });

  apply();
})();
