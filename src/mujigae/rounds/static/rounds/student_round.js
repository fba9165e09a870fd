// A student's choices in a round (rounds/student_round.html): the search box narrows
// the slot lists; the choices already made stay. Loaded as a file: the
// Content-Security-Policy allows no inline script (docs/security-headers.md).
(function () {
  var box = document.getElementById("slot-filter");
  var lists = document.querySelectorAll('[data-testid="choices-form"] select[name="slot"]');
  box.addEventListener("input", function () {
    var words = box.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    lists.forEach(function (list) {
      Array.prototype.forEach.call(list.options, function (option) {
        var text = option.text.toLowerCase();
        option.hidden = option.value !== "" && !option.selected &&
          !words.every(function (w) { return text.indexOf(w) !== -1; });
      });
    });
  });
})();

