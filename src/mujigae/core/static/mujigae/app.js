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
