// The XPath subset of XLSForm relevant/constraint expressions: the same grammar and rules as
// clearway/surveys/xpath.py (the server validates; this mirror only drives live skip logic and hints).
(function () {
  "use strict";
  var TOKEN = /^\s*(?:(\$\{[A-Za-z_][\w.\-]*\})|((?:\/[A-Za-z_][\w.\-]*)+|(?:\.\.\/)+[A-Za-z_][\w.\-]*|\.\.)|(\d+(?:\.\d*)?|\.\d+)|('[^']*'|"[^"]*")|(<=|>=|!=|=|<|>|\+|-|\*|\(|\)|,)|([A-Za-z_][\w\-.]*(?:::?[A-Za-z_][\w\-]*)?)|(\.))/;
  var KINDS = ["ref", "path", "num", "str", "op", "name", "dot"];
  var POSITION = "__position__";

  function tokenize(source) {
    var tokens = [], rest = source.trim();
    while (rest.length) {
      var m = TOKEN.exec(rest);
      if (!m || !m[0].length) { throw new Error("Unexpected text at " + rest.slice(0, 20)); }
      for (var i = 1; i <= 7; i++) { if (m[i] !== undefined) { tokens.push({ kind: KINDS[i - 1], text: m[i] }); break; } }
      rest = rest.slice(m[0].length).replace(/^\s+/, "");
    }
    return tokens;
  }

  var LEVELS = [["name", ["or"]], ["name", ["and"]], ["op", ["=", "!=", "<", "<=", ">", ">="]],
    ["op", ["+", "-"]], ["mixed", ["*", "div", "mod"]]];

  function parse(source) {
    var tokens = tokenize(source), index = 0;
    function peek() { return tokens[index]; }
    function accept(kind, text) {
      var t = tokens[index];
      if (t && t.kind === kind && (text === undefined || t.text === text)) { index++; return t; }
      return null;
    }
    function binary(level) {
      if (level === LEVELS.length) { return unary(); }
      var kind = LEVELS[level][0], ops = LEVELS[level][1], left = binary(level + 1);
      for (;;) {
        var t = peek();
        if (!t || ops.indexOf(t.text) < 0 || (kind !== "mixed" && t.kind !== kind)) { return left; }
        index++;
        left = ["op", t.text, left, binary(level + 1)];
      }
    }
    function unary() { return accept("op", "-") ? ["neg", unary()] : primary(); }
    function primary() {
      var t = tokens[index++];
      if (!t) { throw new Error("The expression ends too early."); }
      if (t.kind === "num") { return ["num", parseFloat(t.text)]; }
      if (t.kind === "str") { return ["str", t.text.slice(1, -1)]; }
      if (t.kind === "ref") { return ["ref", t.text.slice(2, -1)]; }
      if (t.kind === "dot") { return ["dot"]; }
      if (t.kind === "path") {
        if (t.text === "..") { return ["parent"]; }
        var parts = t.text.replace(/\/+$/, "").split("/");
        return ["ref", parts[parts.length - 1]];
      }
      if (t.kind === "op" && t.text === "(") { var inner = binary(0); expect(")"); return inner; }
      if (t.kind === "name" && accept("op", "(")) {
        if (!FUNCTIONS[t.text]) { throw new Error("Unsupported function " + t.text); }
        var args = [];
        if (!accept("op", ")")) {
          args.push(binary(0));
          while (accept("op", ",")) { args.push(binary(0)); }
          expect(")");
        }
        return ["call", t.text, args];
      }
      if (t.kind === "name" && ["and", "or", "div", "mod"].indexOf(t.text) < 0) { return ["col", t.text]; }
      throw new Error("Unexpected " + t.text);
    }
    function expect(text) { if (!accept("op", text)) { throw new Error(text + " expected"); } }
    var node = binary(0);
    if (index < tokens.length) { throw new Error("Unexpected " + tokens[index].text); }
    return node;
  }

  function toStr(v) {
    if (typeof v === "boolean") { return v ? "true" : "false"; }
    if (typeof v === "number") {
      if (isNaN(v)) { return "NaN"; }
      return String(v);
    }
    return v;
  }
  function toNum(v) {
    if (typeof v === "boolean") { return v ? 1 : 0; }
    if (typeof v === "number") { return v; }
    var s = v.trim();
    return s === "" || isNaN(Number(s)) ? NaN : Number(s);
  }
  function toBool(v) {
    if (typeof v === "boolean") { return v; }
    if (typeof v === "number") { return !(v === 0 || isNaN(v)); }
    return v !== "";
  }
  function answerValue(a) {
    if (a === null || a === undefined) { return ""; }
    if (Array.isArray(a)) { return a.filter(function (x) { return typeof x !== "object"; }).join(" "); }
    if (typeof a === "object") { return String(a.name || ""); }
    if (typeof a === "number" || typeof a === "boolean") { return a; }
    return String(a);
  }
  function compare(op, l, r) {
    if (op === "=" || op === "!=") {
      var eq;
      if (typeof l === "boolean" || typeof r === "boolean") { eq = toBool(l) === toBool(r); }
      else if (typeof l === "number" || typeof r === "number") { eq = toNum(l) === toNum(r); }
      else { eq = l === r; }
      return op === "=" ? eq : !eq;
    }
    var a = toNum(l), b = toNum(r);
    if (isNaN(a) || isNaN(b)) {
      if (typeof l === "string" && typeof r === "string" && l && r) { a = l; b = r; } else { return false; }
    }
    return op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b;
  }
  var FUNCTIONS = {
    "selected": function (v, c) { return toStr(v).split(/\s+/).indexOf(toStr(c).trim()) >= 0; },
    "count-selected": function (v) { var s = toStr(v).trim(); return s ? s.split(/\s+/).length : 0; },
    "not": function (v) { return !toBool(v); },
    "string-length": function (v) { return toStr(v).length; },
    "true": function () { return true; },
    "false": function () { return false; },
    "number": toNum, "string": toStr, "boolean": toBool,
    "contains": function (a, b) { return toStr(a).indexOf(toStr(b)) >= 0; },
    "starts-with": function (a, b) { return toStr(a).indexOf(toStr(b)) === 0; },
    "concat": function () { return Array.prototype.map.call(arguments, toStr).join(""); },
    "if": function (c, a, b) { return toBool(c) ? a : b; },
    "today": function () { return localDate(new Date()); },
    "now": function () { var d = new Date(); return localDate(d) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()); },
    "date": function (v) {
      if (typeof v === "number" && !isNaN(v)) { return new Date(Math.trunc(v) * 86400000).toISOString().slice(0, 10); }
      return toStr(v).slice(0, 10);
    },
    "coalesce": function (a, b) { return toStr(a) !== "" ? a : b; },
    "round": function (v, places) {
      var n = toNum(v), d = places === undefined ? 0 : Math.trunc(toNum(places) || 0);
      if (!isFinite(n)) { return n; }
      var f = Math.pow(10, d);
      return Math.floor(n * f + 0.5) / f;
    },
    "int": function (v) { var n = toNum(v); return isFinite(n) ? Math.trunc(n) : n; },
    "floor": function (v) { return Math.floor(toNum(v)); },
    "ceiling": function (v) { return Math.ceil(toNum(v)); },
    "abs": function (v) { return Math.abs(toNum(v)); },
    "pow": function (a, b) { return Math.pow(toNum(a), toNum(b)); },
    "min": function () { var n = Array.prototype.map.call(arguments, toNum); return n.some(isNaN) ? NaN : Math.min.apply(null, n); },
    "max": function () { var n = Array.prototype.map.call(arguments, toNum); return n.some(isNaN) ? NaN : Math.max.apply(null, n); },
    "substr": function (s, start, end) {
      var str = toStr(s), b = Math.max(Math.trunc(toNum(start)), 0);
      return end === undefined ? str.slice(b) : str.slice(b, Math.trunc(toNum(end)));
    },
    "normalize-space": function (v) { return toStr(v).trim().split(/\s+/).filter(Boolean).join(" "); },
    "regex": function (v, p) { try { return new RegExp(toStr(p)).test(toStr(v)); } catch (e) { return false; } },
    "selected-at": function (v, i) { var items = toStr(v).trim().split(/\s+/).filter(Boolean), n = Math.trunc(toNum(i)); return n >= 0 && n < items.length ? items[n] : ""; },
    "boolean-from-string": function (v) { return toStr(v) === "true" || toStr(v) === "1"; },
    "once": function (v) { return v; },
    "position": function (v) { return v; },
    "count": function (v) { return v; },
    "sqrt": function (v) { return Math.sqrt(toNum(v)); },
    "exp": function (v) { return Math.exp(toNum(v)); },
    "log": function (v) { return Math.log(toNum(v)); },
    "log10": function (v) { return Math.log10(toNum(v)); },
    "sin": function (v) { return Math.sin(toNum(v)); },
    "cos": function (v) { return Math.cos(toNum(v)); },
    "tan": function (v) { return Math.tan(toNum(v)); },
    "asin": function (v) { return Math.asin(toNum(v)); },
    "acos": function (v) { return Math.acos(toNum(v)); },
    "atan": function (v) { return Math.atan(toNum(v)); },
    "pi": function () { return Math.PI; }
  };
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function localDate(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function evalNode(n, answers, current, columns) {
    switch (n[0]) {
      case "num": return n[1];
      case "str": return n[1];
      case "ref": return answerValue(answers[n[1]]);
      case "dot": return answerValue(current);
      case "col": return answerValue((columns || {})[n[1]]);
      case "parent": return Number(answers[POSITION] || 1);
      case "neg": return -toNum(evalNode(n[1], answers, current, columns));
      case "call":
        if (n[1] === "count" && n[2][0][0] === "ref") {
          var value = answers[n[2][0][1]];
          return Array.isArray(value) && value.length && typeof value[0] === "object" ? value.length : (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length) ? 0 : 1);
        }
        return FUNCTIONS[n[1]].apply(null, n[2].map(function (a) { return evalNode(a, answers, current, columns); }));
    }
    var op = n[1];
    if (op === "or") { return toBool(evalNode(n[2], answers, current, columns)) || toBool(evalNode(n[3], answers, current, columns)); }
    if (op === "and") { return toBool(evalNode(n[2], answers, current, columns)) && toBool(evalNode(n[3], answers, current, columns)); }
    var l = evalNode(n[2], answers, current, columns), r = evalNode(n[3], answers, current, columns);
    if (["=", "!=", "<", "<=", ">", ">="].indexOf(op) >= 0) { return compare(op, l, r); }
    var a = toNum(l), b = toNum(r);
    return op === "+" ? a + b : op === "-" ? a - b : op === "*" ? a * b : op === "div" ? a / b : a % b;
  }
  var cache = {};
  function evaluate(source, answers, current, columns) {
    if (!cache[source]) { cache[source] = parse(source); }
    return evalNode(cache[source], answers, current, columns);
  }
  function evaluateBoolean(source, answers, current, columns) { return toBool(evaluate(source, answers, current, columns)); }
  window.ClearwayXPath = { parse: parse, evaluate: evaluate, evaluateBoolean: evaluateBoolean, toString: toStr, POSITION: POSITION };
})();
