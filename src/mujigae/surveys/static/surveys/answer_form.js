// The survey answer form (surveys/answer/_form.html): skip logic (a question shown
// only for some answers of another: data-show-if / data-show-values) and "Add a row"
// in the hiring table. Loaded as a file: the Content-Security-Policy allows no inline
// script (docs/security-headers.md).
(function () {
  if (window.mujigaeSurveyForm) { window.mujigaeSurveyForm.apply(); return; }
  function answers(root, code) {
    var out = [];
    root.querySelectorAll('[name="' + code + '"]').forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") { if (el.checked) out.push(el.value); }
      else if (el.value) out.push(el.value);
    });
    return out;
  }
  function apply() {
    document.querySelectorAll("[data-survey-form]").forEach(function (root) {
      root.querySelectorAll("[data-show-if]").forEach(function (box) {
        var code = box.getAttribute("data-show-if");
        var ctrl = root.querySelector('[data-question="' + code + '"]');
        var want = JSON.parse(box.getAttribute("data-show-values") || "[]");
        var got = ctrl && !ctrl.hidden ? answers(root, code) : [];
        box.hidden = !got.some(function (v) { return want.indexOf(v) !== -1; });
      });
      root.querySelectorAll("[data-add-row]").forEach(function (b) { b.hidden = false; });
    });
  }
  function addRow(button) {
    var body = document.querySelector('[data-rows="' + button.getAttribute("data-add-row") + '"]');
    var rows = body.querySelectorAll("tr");
    var max = parseInt(body.getAttribute("data-max") || "30", 10);
    if (!rows.length || rows.length >= max) { button.disabled = true; return; }
    var n = rows.length;
    var copy = rows[n - 1].cloneNode(true);
    copy.querySelectorAll("[name],[id],[for]").forEach(function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        var v = el.getAttribute(attr);
        if (v) el.setAttribute(attr, v.replace(/-\d+-/, "-" + n + "-"));
      });
      if (el.type === "checkbox") el.checked = false;
      else if (el.tagName === "SELECT") el.selectedIndex = 0;
      else if (el.tagName === "INPUT") el.value = "";
    });
    copy.querySelectorAll("[data-rownum]").forEach(function (el) {
      el.textContent = el.textContent.replace(/\d+/, String(n + 1));
    });
    body.appendChild(copy);
    copy.querySelector("input").focus();
    if (n + 1 >= max) button.disabled = true;
  }
  document.addEventListener("change", function (e) {
    if (e.target.closest && e.target.closest("[data-survey-form]")) apply();
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-add-row]");
    if (b) addRow(b);
  });
  window.mujigaeSurveyForm = { apply: apply };
  apply();
})();
