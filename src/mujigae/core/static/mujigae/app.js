// Small behaviours every page may use, declared in the markup with data- attributes
// instead of inline handlers (onchange=, onsubmit=, onclick=): the
// Content-Security-Policy allows no inline script (docs/security-headers.md).
//
//   <select data-autosubmit>      submits its form when the choice changes
//   <form data-confirm="…">       asks the question before submitting
//   <form data-inert>             never submits (a preview)
//   <button data-print>           prints the page
(function () {
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) {
      el.form.submit();
    }
  });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches) return;
    if (form.matches("[data-inert]")) { e.preventDefault(); return; }
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) e.preventDefault();
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-print]");
    if (b) window.print();
  });
})();

// <div data-searchable> (core.forms.SearchableCheckboxes): a long list of
// checkboxes filtered as you type, with the number chosen. Without script it
// stays a plain list of checkboxes.
(function () {
  function norm(s) { return (s || "").toLowerCase().replace(/\s+/g, ""); }
  function setUp(box) {
    var tools = box.querySelector(".searchable-tools");
    var filter = box.querySelector(".searchable-filter");
    var count = box.querySelector(".searchable-count");
    var options = Array.prototype.slice.call(box.querySelectorAll(".searchable-option"));
    var groups = Array.prototype.slice.call(box.querySelectorAll(".searchable-group"));
    if (!tools || !filter) return;
    tools.hidden = false;
    function update() {
      var q = norm(filter.value);
      options.forEach(function (o) {
        var input = o.querySelector("input");
        var group = o.closest(".searchable-group");
        var legend = group ? group.querySelector("legend").textContent : "";
        var hit = !q || norm(o.textContent + " " + legend).indexOf(q) !== -1 || (input && input.checked);
        o.hidden = !hit;
      });
      groups.forEach(function (g) {
        g.hidden = !g.querySelector(".searchable-option:not([hidden])");
      });
      var n = box.querySelectorAll("input:checked").length;
      count.textContent = count.getAttribute("data-template").replace("__N__", n);
    }
    filter.addEventListener("input", update);
    filter.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
    box.addEventListener("change", update);
    update();
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-searchable]"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

// A table wider than the screen scrolls inside its .table-wrap: a keyboard user
// must be able to reach it too (WCAG 2.1.1), so such a wrap takes the focus and
// is named after its table's caption or the heading above it.
(function () {
  function named(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption) return caption.textContent.trim();
    var el = wrap.previousElementSibling;
    while (el && !/^H[1-6]$/.test(el.tagName)) el = el.previousElementSibling;
    if (!el) {
      var section = wrap.closest("section");
      el = section && section.querySelector("h1, h2, h3");
    }
    return el ? el.textContent.trim() : "";
  }
  function mark() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        if (!wrap.hasAttribute("tabindex")) wrap.setAttribute("tabindex", "0");
        var name = named(wrap);
        if (name && !wrap.hasAttribute("aria-label")) {
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", name);
        }
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
  window.addEventListener("resize", mark);
})();
