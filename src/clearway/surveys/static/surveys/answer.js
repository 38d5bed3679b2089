// The answering page: live skip logic (ClearwayXPath), repeat groups, autosave through the API.
// Every change is first written to localStorage and removed only when the server confirms the save, so a network
// error or an expired session loses nothing; after signing in again the draft is restored.
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) { return; }
  var configEl = document.getElementById("survey-config");
  var config = configEl ? JSON.parse(configEl.textContent) : null;
  var editable = !!config && form.getAttribute("data-editable") === "1";
  var statusEl = document.getElementById("save-status");
  var version = config ? config.version : 0;
  var itemCounter = 0;
  var saveTimer = null, inFlight = false, again = false, stopped = false;

  function text(key) { return statusEl ? statusEl.getAttribute("data-" + key + "-text") : ""; }
  function status(key, extra) {
    if (!statusEl) { return; }
    statusEl.textContent = text(key) + (extra ? " " + extra : "");
    statusEl.setAttribute("data-status", key);
  }

  // ---------------------------------------------------------------- reading and writing answers
  function inItem(el) { return el.closest("[data-item]"); }
  function valueOf(q) {
    var type = q.getAttribute("data-type");
    if (type === "select_one") {
      var checked = q.querySelector("input[type=radio]:checked");
      return checked ? checked.value : null;
    }
    if (type === "select_multiple") {
      var values = Array.prototype.map.call(q.querySelectorAll("input[type=checkbox]:checked"), function (i) { return i.value; });
      return values.length ? values : null;
    }
    var input = q.querySelector("input, textarea");
    return input && input.value !== "" ? input.value : null;
  }
  function setValue(q, value) {
    var type = q.getAttribute("data-type");
    if (type === "select_one" || type === "select_multiple") {
      var chosen = Array.isArray(value) ? value.map(String) : value === null || value === undefined ? [] : [String(value)];
      q.querySelectorAll("input").forEach(function (i) { i.checked = chosen.indexOf(i.value) >= 0; });
    } else {
      var input = q.querySelector("input, textarea");
      if (input) { input.value = value === null || value === undefined ? "" : String(value); }
    }
  }
  function questionsOf(root, topLevel) {
    return Array.prototype.filter.call(root.querySelectorAll("[data-q]"), function (q) {
      return topLevel ? !inItem(q) : true;
    });
  }
  function collectItem(item) {
    var values = {};
    questionsOf(item, false).forEach(function (q) {
      var v = valueOf(q);
      if (v !== null) { values[q.getAttribute("data-q")] = v; }
    });
    return values;
  }
  function collect() {
    var answers = {};
    questionsOf(form, true).forEach(function (q) {
      var v = valueOf(q);
      if (v !== null) { answers[q.getAttribute("data-q")] = v; }
    });
    form.querySelectorAll("[data-repeat]").forEach(function (fs) {
      var items = Array.prototype.map.call(fs.querySelector("[data-items]").children, collectItem);
      if (items.length) { answers[fs.getAttribute("data-repeat")] = items; }
    });
    return answers;
  }
  function addItem(fieldset, values) {
    var template = fieldset.querySelector("template[data-item-template]");
    var holder = fieldset.querySelector("[data-items]");
    var item = template.content.firstElementChild.cloneNode(true);
    itemCounter += 1;
    item.querySelectorAll("input, textarea").forEach(function (i) { i.name = "item" + itemCounter + "." + i.name; });
    holder.appendChild(item);
    questionsOf(item, false).forEach(function (q) { setValue(q, values ? values[q.getAttribute("data-q")] : null); });
    item.querySelector("[data-remove-item]").addEventListener("click", function () {
      item.remove(); numberItems(fieldset); changed();
    });
    if (!editable && config) { item.querySelectorAll("input, textarea, button").forEach(function (i) { i.disabled = true; }); }
    numberItems(fieldset);
    return item;
  }
  function numberItems(fieldset) {
    Array.prototype.forEach.call(fieldset.querySelector("[data-items]").children, function (item, i) {
      item.querySelector("[data-item-number]").textContent = "#" + (i + 1);
    });
  }
  function fill(answers) {
    questionsOf(form, true).forEach(function (q) { setValue(q, answers[q.getAttribute("data-q")]); });
    form.querySelectorAll("[data-repeat]").forEach(function (fs) {
      fs.querySelector("[data-items]").innerHTML = "";
      (answers[fs.getAttribute("data-repeat")] || []).forEach(function (values) { addItem(fs, values); });
    });
  }

  // ---------------------------------------------------------------- skip logic and constraint hints
  function applyLogic() {
    var answers = collect();
    form.querySelectorAll("[data-relevant]").forEach(function (el) {
      var expr = el.getAttribute("data-relevant");
      if (!expr || el.closest("template")) { return; }
      var item = inItem(el);
      var context = item ? Object.assign({}, answers, collectItem(item)) : answers;
      var show = true;
      try { show = window.ClearwayXPath.evaluateBoolean(expr, context); } catch (e) { show = true; }
      el.hidden = !show;
    });
    form.querySelectorAll("[data-q][data-constraint]").forEach(function (q) {
      var expr = q.getAttribute("data-constraint"), error = q.querySelector("[data-error]");
      if (!expr || !error || error.getAttribute("data-server") === "1") { return; }
      var value = valueOf(q);
      var item = inItem(q);
      var context = item ? Object.assign({}, answers, collectItem(item)) : answers;
      var ok = true;
      if (value !== null) {
        var current = q.getAttribute("data-type").match(/integer|decimal/) && !isNaN(Number(value)) ? Number(value) : value;
        try { ok = window.ClearwayXPath.evaluateBoolean(expr, context, current); } catch (e) { ok = true; }
      }
      error.textContent = ok ? "" : q.getAttribute("data-constraint-message") || "";
    });
  }

  // ---------------------------------------------------------------- autosave
  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) { return decodeURIComponent(m[1]); }
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function keepLocally(answers) {
    try {
      localStorage.setItem(config.storageKey, JSON.stringify({ answers: answers, base: version, at: Date.now() }));
    } catch (e) { /* storage full or disabled: the server save still runs */ }
  }
  function readLocal() {
    try { return JSON.parse(localStorage.getItem(config.storageKey) || "null"); } catch (e) { return null; }
  }
  // After submission, corrections are saved on request (they must be complete), not while typing.
  var submitted = !!config && config.state === "submitted";
  function changed() {
    applyLogic();
    if (!editable || stopped) { return; }
    keepLocally(collect());
    status("pending");
    clearTimeout(saveTimer);
    if (!submitted) { saveTimer = setTimeout(save, 800); }
  }
  function request(method, url, body) {
    return fetch(url, {
      method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { return { status: r.status, data: data }; });
    });
  }
  function save() {
    if (!editable || stopped) { return Promise.resolve(true); }
    if (inFlight) { again = true; return Promise.resolve(false); }
    inFlight = true;
    var answers = collect();
    var sent = JSON.stringify(answers);
    status("saving");
    return request("PUT", config.api, { answers: answers, expected_version: version }).then(function (r) {
      inFlight = false;
      if (r.status === 200) {
        version = r.data.version;
        var local = readLocal();
        if (local && JSON.stringify(local.answers) === sent) { localStorage.removeItem(config.storageKey); }
        else if (local) { keepLocally(local.answers); }
        status("saved");
        clearServerErrors();
        if (again) { again = false; return save(); }
        return true;
      }
      if (r.status === 409) { stopped = true; status("conflict"); showRestore(); return false; }
      if (r.status === 401 || r.status === 403) {
        stopped = true; status("session");
        document.getElementById("login-again").hidden = false;
        return false;
      }
      status("errors", r.data.message || "");
      if (r.data.fields) { clearServerErrors(); showServerErrors(r.data.fields); }
      return false;
    }).catch(function () {
      inFlight = false;
      status("offline");
      clearTimeout(saveTimer);
      saveTimer = setTimeout(save, 5000);
      return false;
    });
  }
  // Waits for a save in progress, then saves what is on the page now.
  function flush() {
    if (inFlight) { return new Promise(function (done) { setTimeout(done, 200); }).then(flush); }
    return save();
  }
  function showRestore() {
    var box = document.getElementById("restore-local");
    if (box) { box.hidden = false; }
  }

  // ---------------------------------------------------------------- submission
  function clearServerErrors() {
    form.querySelectorAll("[data-error]").forEach(function (e) { e.textContent = ""; e.removeAttribute("data-server"); });
  }
  function showServerErrors(fields) {
    Object.keys(fields || {}).forEach(function (key) {
      var m = key.match(/^([^\[]+)\[(\d+)\]\.(.+)$/), q = null;
      if (m) {
        var fs = form.querySelector('[data-repeat="' + m[1] + '"]');
        var item = fs && fs.querySelector("[data-items]").children[Number(m[2]) - 1];
        q = item && item.querySelector('[data-q="' + m[3] + '"]');
      } else {
        q = questionsOf(form, true).filter(function (el) { return el.getAttribute("data-q") === key; })[0];
      }
      var error = q && q.querySelector("[data-error]");
      if (error) { error.textContent = fields[key].join(" "); error.setAttribute("data-server", "1"); }
    });
    var first = form.querySelector("[data-error][data-server='1']");
    if (first) { first.scrollIntoView({ block: "center" }); }
  }
  function submit() {
    clearTimeout(saveTimer);
    flush().then(function (ok) {
      if (!ok) { return; }
      clearServerErrors();
      request("POST", config.submit).then(function (r) {
        if (r.status === 200) {
          status("submitted");
          var badge = document.getElementById("response-state");
          if (badge) { badge.setAttribute("data-state", "submitted"); }
          window.location.reload();
        } else if (r.status === 400) {
          status("errors"); showServerErrors(r.data.fields);
        } else if (r.status === 401 || r.status === 403) {
          status("errors", r.data.message || "");
        } else { status("errors", r.data.message || ""); }
      }).catch(function () { status("offline"); });
    });
  }

  // ---------------------------------------------------------------- start
  form.querySelectorAll("[data-repeat]").forEach(function (fs) {
    fs.querySelector("[data-add-item]").addEventListener("click", function () { addItem(fs, null); changed(); });
  });
  if (config) {
    fill(config.answers || {});
    var local = readLocal();
    if (local && editable && JSON.stringify(local.answers) !== JSON.stringify(config.answers || {})) {
      if (local.base === version) {
        fill(local.answers);
        status("restored");
        if (!submitted) { saveTimer = setTimeout(save, 300); }
      } else {
        showRestore();
      }
    }
    var restore = document.getElementById("restore-button");
    if (restore) {
      restore.addEventListener("click", function () {
        var kept = readLocal();
        if (kept) { fill(kept.answers); }
        document.getElementById("restore-local").hidden = true;
        // Restoring over a newer server version is the user's explicit choice: start from that version.
        request("GET", config.api).then(function (r) {
          if (r.status === 200) { version = r.data.version; stopped = false; changed(); }
          else { status("errors", r.data.message || ""); }
        });
      });
    }
    if (!editable) { form.querySelectorAll("input, textarea, button").forEach(function (i) { i.disabled = true; }); }
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  var saveNow = document.getElementById("save-now");
  if (saveNow) { saveNow.addEventListener("click", function () { clearTimeout(saveTimer); flush(); }); }
  var submitButton = document.getElementById("submit-response");
  if (submitButton) { submitButton.addEventListener("click", submit); }
  applyLogic();
})();
