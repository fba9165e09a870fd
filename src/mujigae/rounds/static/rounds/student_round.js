// A student's ranking page (rounds/student_round.html). The page works without
// JavaScript (every button is a submit button of one form); this file only adds
// a search box that narrows the list of slots one can add. Loaded as a file: the
// Content-Security-Policy allows no inline script (docs/security-headers.md).
(function () {
  var box = document.getElementById("slot-filter");
  if (!box) { return; }
  var holder = box.closest(".js-only");
  if (holder) { holder.hidden = false; }
  var items = document.querySelectorAll('[data-testid="available-slot"]');
  box.addEventListener("keydown", function (event) {
    // Enter in the search box must not press the form's first button
    if (event.key === "Enter") { event.preventDefault(); }
  });
  box.addEventListener("input", function () {
    var words = box.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    items.forEach(function (item) {
      var text = item.querySelector(".slot-head").textContent.toLowerCase();
      item.hidden = !words.every(function (w) { return text.indexOf(w) !== -1; });
    });
  });
})();
