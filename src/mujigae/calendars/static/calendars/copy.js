// The calendar page: a "copy" button beside the private address (shown only
// where the browser can copy; the address stays selectable in any case).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-copy-target]").forEach((button) => {
    const field = document.getElementById(button.dataset.copyTarget);
    const status = document.getElementById(button.dataset.copyStatus);
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      field.select();
      let copied = false;
      try {
        if (navigator.clipboard && window.isSecureContext) {
          await navigator.clipboard.writeText(field.value);
          copied = true;
        } else {
          copied = document.execCommand("copy");
        }
      } catch (error) {
        copied = false;
      }
      if (status) status.textContent = copied ? button.dataset.copied : button.dataset.failed;
    });
  });
  document.querySelectorAll("input[data-select-on-focus]").forEach((field) => {
    field.addEventListener("focus", () => field.select());
  });
});
