/* Behaviours pages ask for with data attributes, instead of inline scripts and event handlers (which the
   Content-Security-Policy refuses):
   - data-autosubmit on a select: changing it submits its form;
   - data-no-submit on a form: the form is never sent (a script saves it);
   - data-back on a link: goes back in the history when there is one;
   - data-progress="42" on a bar: its width, in percent;
   - on job:done, #job-panel's [data-job-report-download] link (given the result's address) and
     [data-job-report-reload] are shown. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
    }
  });
  document.addEventListener("submit", function (event) {
    if (event.target instanceof HTMLFormElement && event.target.hasAttribute("data-no-submit")) {
      event.preventDefault();
    }
  }, true);
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[data-back]") : null;
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
  function bars(root) {
    root.querySelectorAll("[data-progress]").forEach(function (bar) {
      var value = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-progress")) || 0));
      bar.style.width = value + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { bars(document); });
  document.addEventListener("job:done", function (event) {
    var panel = document.getElementById("job-panel");
    var result = (event.detail && event.detail.result) || {};
    if (!panel) { return; }
    var link = panel.querySelector("[data-job-report-download]");
    if (link && result.download_url) { link.href = result.download_url; link.hidden = false; }
    var reload = panel.querySelector("[data-job-report-reload]");
    if (reload) { reload.hidden = false; }
  });
  window.clearwayProgressBars = bars;
})();
