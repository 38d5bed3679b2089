// Clearway page helpers: no framework, no network beyond this server.
(function () {
  "use strict";
  // Progress bars for background jobs: <div data-job-url="/jobs/<id>/"> … </div>
  // Inside, [data-job-running] shows only while the job runs, [data-job-done] once it has succeeded and
  // [data-job-failed] once it has failed or was cancelled.
  function showOnly(el, attribute) {
    el.querySelectorAll("[data-job-running], [data-job-done], [data-job-failed]").forEach(function (n) {
      n.hidden = !n.hasAttribute(attribute);
    });
  }
  // data-job-failed-text: what to do after a failure, written into the page only once the job has failed (the
  // page of a job that runs or succeeded holds no failure text, even for a reader that ignores `hidden`).
  function failedHint(el) {
    var text = el.getAttribute("data-job-failed-text");
    if (!text || el.querySelector("[data-job-failed]")) { return; }
    var hint = document.createElement("p");
    hint.className = "hint";
    hint.setAttribute("data-job-failed", "");
    hint.textContent = text;
    el.appendChild(hint);
  }
  function pollJob(el) {
    var url = el.getAttribute("data-job-url");
    var bar = el.querySelector(".progress > span");
    var text = el.querySelector("[data-job-message]");
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (job) {
      if (bar) { bar.style.width = Math.round(job.progress * 100) + "%"; }
      if (text) { text.textContent = job.message || job.status; }
      if (job.status === "succeeded") {
        showOnly(el, "data-job-done");
        el.dispatchEvent(new CustomEvent("job:done", { detail: job, bubbles: true }));
        var link = el.querySelector("[data-job-download]");
        if (link && job.file) { link.href = job.file; link.hidden = false; }
        // data-job-follow: go to the page the job made (result.url), e.g. a computed KPI result.
        if (el.hasAttribute("data-job-follow") && job.result && job.result.url) { window.location.assign(job.result.url); }
      } else if (job.status === "failed" || job.status === "cancelled") {
        if (text) { text.textContent = job.error || job.status; }
        // data-job-subject: what the job works on (a file name), left out when the error names it already.
        var subject = el.querySelector("[data-job-subject]");
        if (subject && job.error && job.error.indexOf(subject.getAttribute("data-job-subject")) !== -1) { subject.hidden = true; }
        failedHint(el);
        showOnly(el, "data-job-failed");
        el.classList.add("failed");
      } else {
        setTimeout(function () { pollJob(el); }, 700);
      }
    }).catch(function () { setTimeout(function () { pollJob(el); }, 2000); });
  }
  document.querySelectorAll("[data-job-url]").forEach(pollJob);
  // Wide tables scroll sideways in their own box on narrow screens (phones) instead of widening the whole page;
  // a box that does scroll can take the keyboard focus, so it can be scrolled with the arrow keys.
  function scrollBoxes() {
    document.querySelectorAll("table.data").forEach(function (table) {
      var box = table.parentElement;
      if (!box.classList.contains("table-scroll")) {
        box = document.createElement("div");
        box.className = "table-scroll";
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
      }
      if (box.scrollWidth > box.clientWidth) { box.tabIndex = 0; } else { box.removeAttribute("tabindex"); }
    });
  }
  scrollBoxes();
  window.addEventListener("resize", scrollBoxes);
  window.Clearway = { pollJob: pollJob };
})();
