// The survey answer page (surveys/answer/answer.html): after a refused submit the
// error summary takes the focus (a screen reader reads it first), and a second
// press of "Submit" while the first is on its way does nothing. Loaded as a file:
// the Content-Security-Policy allows no inline script (docs/security-headers.md).
(function () {
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  var form = document.getElementById("answer-form");
  if (!form) return;
  form.addEventListener("submit", function (e) {
    if (form.getAttribute("data-submitting")) { e.preventDefault(); return; }
    form.setAttribute("data-submitting", "1");
    var b = form.querySelector("[data-submit]");
    setTimeout(function () { b.disabled = true; }, 0);
  });
})();
