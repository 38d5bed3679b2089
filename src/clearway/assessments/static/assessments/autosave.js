// Autosave of assessment answers: every change is kept in localStorage until the server confirms it,
// then sent to the API with the answer's version (optimistic locking). Nothing typed is lost on a network
// error (it is retried, also after a reload) or on a concurrent change (the server keeps the refused version
// in the answer's history; the page says so).
(function () {
  "use strict";
  var texts = JSON.parse(document.getElementById("autosave-messages").textContent);

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function payload(form) {
    var data = new FormData(form);
    var kind = form.getAttribute("data-kind");
    var body = {
      version: parseInt(data.get("version") || "0", 10),
      not_measurable: data.get("not_measurable") === "1",
      comment: data.get("comment") || ""
    };
    if (kind === "maturity") { body.stage = data.get("stage") || ""; }
    if (kind === "yes_no") { body.yes = data.get("yes") === "yes" ? true : (data.get("yes") === "no" ? false : null); }
    if (kind === "numeric") { body.value = (data.get("value") || "").trim() || null; }
    return body;
  }

  function restore(form, body) {
    var kind = form.getAttribute("data-kind");
    if (kind === "maturity" && body.stage) {
      var r = form.querySelector("input[name=stage][value='" + body.stage + "']"); if (r) { r.checked = true; }
    }
    if (kind === "yes_no" && body.yes !== null && body.yes !== undefined) {
      var y = form.querySelector("input[name=yes][value='" + (body.yes ? "yes" : "no") + "']"); if (y) { y.checked = true; }
    }
    if (kind === "numeric") { form.querySelector("input[name=value]").value = body.value || ""; }
    form.querySelector("textarea[name=comment]").value = body.comment || "";
    form.querySelector("input[name=not_measurable]").checked = !!body.not_measurable;
  }

  function state(form, text, cls) {
    var el = form.querySelector(".save-state");
    el.textContent = text;
    el.className = "save-state " + (cls || "");
  }

  // One request in flight per answer: a change made meanwhile is sent after it, on the new version.
  function save(form) {
    var st = form._autosave || (form._autosave = { busy: false, again: false, retry: null });
    if (st.busy) { st.again = true; return; }
    clearTimeout(st.retry);
    var key = form.getAttribute("data-key");
    var body = payload(form);
    localStorage.setItem(key, JSON.stringify(body));
    state(form, texts.saving, "");
    st.busy = true;
    fetch(form.getAttribute("data-url"), {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(form) },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (json) { return { status: response.status, json: json }; });
    }).then(function (result) {
      st.busy = false;
      if (result.status === 200) {
        form.querySelector("input[name=version]").value = result.json.version;
        // Forget the draft only if nothing newer was typed while the request was in flight.
        if (localStorage.getItem(key) === JSON.stringify(body)) { localStorage.removeItem(key); }
        state(form, texts.saved, "ok");
        form.dispatchEvent(new CustomEvent("answer:saved", { detail: result.json, bubbles: true }));
        if (st.again) { st.again = false; save(form); }
      } else if (result.status === 409) {
        // The server kept the refused version in the answer's history: the local copy is no longer needed.
        st.again = false;
        localStorage.removeItem(key);
        state(form, result.json.message + " " + texts.reload, "error");
        form.setAttribute("data-conflict", "1");
      } else {
        st.again = false;
        // Each problem said once: a field's message is often the message itself.
        var said = [result.json.message || ""];
        Object.values(result.json.fields || {}).forEach(function (messages) {
          [].concat(messages).forEach(function (m) { if (said.indexOf(m) < 0) { said.push(m); } });
        });
        state(form, said.join(" ").trim(), "error");
      }
    }).catch(function () {
      st.busy = false;
      st.again = false;
      state(form, texts.offline, "error");
      st.retry = setTimeout(function () { if (localStorage.getItem(key)) { save(form); } }, 4000);
    });
  }

  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var timer = null;
    var key = form.getAttribute("data-key");
    var stored = localStorage.getItem(key);
    if (stored) {
      // Text typed here that the server never confirmed: show it and send it now. If the answer was saved
      // elsewhere since, the server refuses it and keeps it in the answer's history (nothing is lost).
      var draft = JSON.parse(stored);
      restore(form, draft);
      form.querySelector("input[name=version]").value = draft.version;
      state(form, texts.restored, "");
      save(form);
    }
    function schedule(delay) {
      if (form.getAttribute("data-conflict")) { return; }
      localStorage.setItem(key, JSON.stringify(payload(form)));
      clearTimeout(timer);
      timer = setTimeout(function () { save(form); }, delay);
    }
    form.addEventListener("input", function () { schedule(800); });
    form.addEventListener("change", function () { schedule(200); });
    form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); save(form); });
  });
})();
