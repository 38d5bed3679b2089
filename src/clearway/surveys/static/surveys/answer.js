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
  // A scope is the form or one repeat item: its questions and repeats are those whose nearest item is it.
  function inItem(el) { return el.parentElement ? el.parentElement.closest("[data-item]") : null; }
  function scopeOf(el) { var item = el.closest("[data-item]"); return item === el ? inItem(el) : item; }
  function inScope(el, scope) { var item = scopeOf(el); return scope === form ? !item : item === scope; }
  function questionsOf(scope) {
    return Array.prototype.filter.call(scope.querySelectorAll("[data-q]"), function (q) { return inScope(q, scope); });
  }
  function repeatsOf(scope) {
    return Array.prototype.filter.call(scope.querySelectorAll("[data-repeat]"), function (fs) { return inScope(fs, scope); });
  }
  function itemsOf(fieldset) { return Array.prototype.slice.call(fieldset.querySelector("[data-items]").children); }
  function computed(q) { return q.getAttribute("data-type") === "calculate" || q.hasAttribute("data-calculation"); }
  function valueOf(q) {
    var type = q.getAttribute("data-type");
    if (type === "select_one") {
      var select = q.querySelector("select");
      if (select) { return select.value || null; }
      var checked = q.querySelector("input[type=radio]:checked");
      return checked ? checked.value : null;
    }
    if (type === "select_multiple") {
      var values = Array.prototype.map.call(q.querySelectorAll("input[type=checkbox]:checked"), function (i) { return i.value; });
      return values.length ? values : null;
    }
    if (type === "acknowledge") { var box = q.querySelector("input[type=checkbox]"); return box && box.checked ? "OK" : null; }
    if (q.hasAttribute("data-upload-value")) { return JSON.parse(q.getAttribute("data-upload-value")); }
    if (q.querySelector("[data-upload]")) { return null; }
    var input = q.querySelector("input, textarea");
    if (!input || input.value === "" || input.hasAttribute("data-unset")) { return null; }
    return input.value;
  }
  function setValue(q, value) {
    var type = q.getAttribute("data-type");
    var empty = value === null || value === undefined;
    if (type === "select_one" || type === "select_multiple") {
      var chosen = Array.isArray(value) ? value.map(String) : empty ? [] : [String(value)];
      var select = q.querySelector("select");
      if (select) { select.value = chosen[0] || ""; return; }
      q.querySelectorAll("input").forEach(function (i) { i.checked = chosen.indexOf(i.value) >= 0; });
    } else if (type === "acknowledge") {
      var box = q.querySelector("input[type=checkbox]");
      if (box) { box.checked = value === "OK"; }
    } else if (q.querySelector("[data-upload]")) {
      if (empty) { q.removeAttribute("data-upload-value"); } else { q.setAttribute("data-upload-value", JSON.stringify(value)); }
      q.querySelector("[data-upload-name]").textContent = empty ? "" : String(value.name || "");
    } else {
      var input = q.querySelector("input, textarea");
      if (!input) { return; }
      if (type === "dateTime" && !empty) { value = String(value).slice(0, 16); }
      input.value = empty ? "" : String(value);
      if (input.type === "range") {
        if (empty) { input.setAttribute("data-unset", ""); } else { input.removeAttribute("data-unset"); }
        var out = q.querySelector("[data-range-output]");
        if (out) { out.textContent = empty ? "–" : String(value); }
      }
    }
  }
  function collectScope(scope) {
    var values = {};
    questionsOf(scope).forEach(function (q) {
      if (computed(q)) { return; }
      var v = valueOf(q);
      if (v !== null) { values[q.getAttribute("data-q")] = v; }
    });
    repeatsOf(scope).forEach(function (fs) {
      var items = itemsOf(fs).map(collectScope);
      if (items.length) { values[fs.getAttribute("data-repeat")] = items; }
    });
    return values;
  }
  function collect() { return collectScope(form); }
  function addItem(fieldset, values) {
    var template = fieldset.querySelector("template[data-item-template]");
    var holder = fieldset.querySelector("[data-items]");
    var item = template.content.firstElementChild.cloneNode(true);
    itemCounter += 1;
    item.querySelectorAll("input, textarea, select").forEach(function (i) { if (i.name) { i.name = "item" + itemCounter + "." + i.name; } });
    holder.appendChild(item);
    wire(item);
    fillScope(item, values || defaultsOf(item));
    item.querySelector("[data-remove-item]").addEventListener("click", function () {
      item.remove(); numberItems(fieldset); changed();
    });
    if (!editable && config) { item.querySelectorAll("input, textarea, select, button").forEach(function (i) { i.disabled = true; }); }
    numberItems(fieldset);
    return item;
  }
  function defaultsOf(scope) {
    var values = {};
    questionsOf(scope).forEach(function (q) {
      var d = q.getAttribute("data-default");
      if (d) { values[q.getAttribute("data-q")] = q.getAttribute("data-type") === "select_multiple" ? d.split(/\s+/) : d; }
    });
    return values;
  }
  function numberItems(fieldset) {
    itemsOf(fieldset).forEach(function (item, i) {
      item.querySelector("[data-item-number]").textContent = "#" + (i + 1);
    });
  }
  function fillScope(scope, answers) {
    questionsOf(scope).forEach(function (q) { if (!computed(q)) { setValue(q, answers[q.getAttribute("data-q")]); } });
    repeatsOf(scope).forEach(function (fs) {
      fs.querySelector("[data-items]").innerHTML = "";
      (answers[fs.getAttribute("data-repeat")] || []).forEach(function (values) { addItem(fs, values); });
    });
  }
  function fill(answers) { fillScope(form, answers); }

  // ---------------------------------------------------------------- ODK rules: relevance, calculations, piping
  // The same rules as clearway/surveys/answers.py: a question that is not relevant has no value, so it counts in
  // no other expression; relevance and calculations are evaluated again until nothing changes.
  var X = window.ClearwayXPath;
  function safe(fn, fallback) { try { return fn(); } catch (e) { return fallback; } }
  function relevantWithin(el, scope, context) {
    for (var n = el; n && n !== scope.parentElement; n = n.parentElement) {
      var expr = n.getAttribute && n.getAttribute("data-relevant");
      if (expr && !safe(function () { return X.evaluateBoolean(expr, context); }, true)) { return false; }
      if (n === scope) { break; }
    }
    return true;
  }
  function passScope(scope, raw, context) {
    var out = {};
    questionsOf(scope).forEach(function (q) {
      if (!relevantWithin(q, scope, context)) { return; }
      var name = q.getAttribute("data-q"), calc = q.getAttribute("data-calculation"), v;
      if (calc) { v = safe(function () { return X.toString(X.evaluate(calc, context)); }, null); }
      else if (computed(q)) { v = null; } else { v = raw[name]; }
      if (v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && !v.length)) { out[name] = v; }
    });
    repeatsOf(scope).forEach(function (fs) {
      if (!relevantWithin(fs, scope, context)) { return; }
      var name = fs.getAttribute("data-repeat"), previous = Array.isArray(context[name]) ? context[name] : [];
      var items = itemsOf(fs).map(function (item, i) {
        var rawItem = (raw[name] || [])[i] || {};
        var inner = Object.assign({}, context, previous[i] || rawItem);
        inner[X.POSITION] = i + 1;
        return passScope(item, rawItem, inner);
      });
      if (items.length) { out[name] = items; }
    });
    return out;
  }
  function effective(raw) {
    var values = raw;
    for (var round = 0; round < 20; round++) {
      var next = passScope(form, raw, values);
      if (JSON.stringify(next) === JSON.stringify(values)) { break; }
      values = next;
    }
    return values;
  }
  function shown(value) { return Array.isArray(value) ? value.join(" ") : value === null || value === undefined ? "" : typeof value === "object" ? String(value.name || "") : String(value); }
  function applyScope(scope, values, context) {
    Array.prototype.forEach.call(scope.querySelectorAll("[data-relevant]"), function (el) {
      if (!inScope(el, scope) || el.hasAttribute("data-hidden-always")) { return; }
      var expr = el.getAttribute("data-relevant");
      el.hidden = expr ? !safe(function () { return X.evaluateBoolean(expr, context); }, true) : false;
    });
    questionsOf(scope).forEach(function (q) {
      var name = q.getAttribute("data-q");
      if (q.hasAttribute("data-calculation")) {
        var out = q.querySelector("[data-calc-output]"), input = q.querySelector("input, textarea");
        if (out) { out.textContent = shown(values[name]); } else if (input) { input.value = shown(values[name]); }
      }
      var filter = q.getAttribute("data-choice-filter");
      if (filter) {
        q.querySelectorAll("[data-choice]").forEach(function (choice) {
          var columns = safe(function () { return JSON.parse(choice.getAttribute("data-columns")); }, {});
          var keep = safe(function () { return X.evaluateBoolean(filter, context, null, columns); }, true);
          choice.hidden = !keep;
          if (choice.tagName === "OPTION") { choice.disabled = !keep; if (!keep && choice.selected) { choice.parentElement.value = ""; } }
          var input = choice.querySelector("input");
          if (!keep && input && input.checked) { input.checked = false; }
        });
      }
      var expr = q.getAttribute("data-constraint"), error = q.querySelector("[data-error]");
      if (!expr || !error || error.getAttribute("data-server") === "1") { return; }
      var value = valueOf(q), ok = true;
      if (value !== null) {
        var current = q.getAttribute("data-type").match(/integer|decimal|range/) && !isNaN(Number(value)) ? Number(value) : value;
        ok = safe(function () { return X.evaluateBoolean(expr, context, current); }, true);
      }
      error.textContent = ok ? "" : q.getAttribute("data-constraint-message") || "";
    });
    Array.prototype.forEach.call(scope.querySelectorAll("[data-pipe]"), function (span) {
      if (inScope(span, scope)) { span.textContent = shown(context[span.getAttribute("data-pipe")]); }
    });
    repeatsOf(scope).forEach(function (fs) {
      var name = fs.getAttribute("data-repeat");
      itemsOf(fs).forEach(function (item, i) {
        var own = (values[name] || [])[i] || {};
        var inner = Object.assign({}, context, own);
        inner[X.POSITION] = i + 1;
        applyScope(item, own, inner);
      });
    });
  }
  function applyRepeatCounts(values) {
    var changedCount = false;
    form.querySelectorAll("[data-repeat-count]").forEach(function (fs) {
      var expr = fs.getAttribute("data-repeat-count");
      if (!expr || fs.closest("template")) { return; }
      var n = safe(function () { return Math.max(0, Math.min(500, Math.trunc(Number(X.evaluate(expr, values))) || 0)); }, null);
      if (n === null) { return; }
      var add = fs.querySelector("[data-add-item]");
      if (add) { add.hidden = true; }
      fs.querySelectorAll("[data-remove-item]").forEach(function (b) { b.hidden = true; });
      while (itemsOf(fs).length < n) { addItem(fs, null); changedCount = true; }
      while (itemsOf(fs).length > n) { itemsOf(fs).pop().remove(); changedCount = true; }
      fs.querySelectorAll("[data-remove-item]").forEach(function (b) { b.hidden = true; });
    });
    return changedCount;
  }
  function applyLogic() {
    var values = effective(collect());
    if (applyRepeatCounts(values)) { values = effective(collect()); }
    applyScope(form, values, values);
  }

  // ---------------------------------------------------------------- uploads (image, audio, video, file questions)
  function wire(scope) {
    scope.querySelectorAll("[data-upload] input[type=file]").forEach(function (input) {
      input.addEventListener("change", function () {
        var q = input.closest("[data-q]"), file = input.files[0], error = q.querySelector("[data-error]");
        if (!file || !config || !config.files) { return; }
        var body = new FormData();
        body.append("question", q.getAttribute("data-q"));
        body.append("file", file);
        error.textContent = "";
        fetch(config.files, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }, body: body })
          .then(function (r) { return r.json().then(function (data) { return { status: r.status, data: data }; }); })
          .then(function (r) {
            if (r.status === 201) { setValue(q, r.data); input.value = ""; changed(); }
            else { error.textContent = (r.data.fields && r.data.fields.file ? r.data.fields.file.join(" ") : r.data.message) || ""; }
          }).catch(function () { status("offline"); });
      });
    });
    scope.querySelectorAll("input[type=range]").forEach(function (input) {
      input.addEventListener("input", function () {
        input.removeAttribute("data-unset");
        var out = input.parentElement.querySelector("[data-range-output]");
        if (out) { out.textContent = input.value; }
      });
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
      // "outer[1].inner[2].q": walk down the repeat items, then find the question in the innermost scope.
      var parts = key.split("."), scope = form, q = null;
      for (var p = 0; p < parts.length - 1 && scope; p++) {
        var m = parts[p].match(/^(.+)\[(\d+)\]$/);
        var fs = m && repeatsOf(scope).filter(function (el) { return el.getAttribute("data-repeat") === m[1]; })[0];
        scope = fs ? itemsOf(fs)[Number(m[2]) - 1] : null;
      }
      if (scope) {
        q = questionsOf(scope).filter(function (el) { return el.getAttribute("data-q") === parts[parts.length - 1]; })[0];
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
  form.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-item]");
    if (!add || add.closest("template")) { return; }
    addItem(add.closest("[data-repeat]"), null);
    changed();
  });
  wire(form);
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
    if (!editable) { form.querySelectorAll("input, textarea, select, button").forEach(function (i) { i.disabled = true; }); }
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  var saveNow = document.getElementById("save-now");
  if (saveNow) { saveNow.addEventListener("click", function () { clearTimeout(saveTimer); flush(); }); }
  var submitButton = document.getElementById("submit-response");
  if (submitButton) { submitButton.addEventListener("click", submit); }
  applyLogic();
})();
