// The XPath subset of XLSForm relevant/constraint expressions: the same grammar and rules as
// clearway/surveys/xpath.py (the server validates; this mirror only drives live skip logic and hints).
(function () {
  "use strict";
  var TOKEN = /^\s*(?:(\$\{[A-Za-z_][\w.\-]*\})|(\d+(?:\.\d*)?|\.\d+)|('[^']*'|"[^"]*")|(<=|>=|!=|=|<|>|\+|-|\*|\(|\)|,)|([A-Za-z_][\w\-]*(?::[A-Za-z_][\w\-]*)?)|(\.))/;
  var KINDS = ["ref", "num", "str", "op", "name", "dot"];

  function tokenize(source) {
    var tokens = [], rest = source.trim();
    while (rest.length) {
      var m = TOKEN.exec(rest);
      if (!m || !m[0].length) { throw new Error("Unexpected text at " + rest.slice(0, 20)); }
      for (var i = 1; i <= 6; i++) { if (m[i] !== undefined) { tokens.push({ kind: KINDS[i - 1], text: m[i] }); break; } }
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
      throw new Error("Unexpected " + t.text);
    }
    function expect(text) { if (!accept("op", text)) { throw new Error(text + " expected"); } }
    var node = binary(0);
    if (index < tokens.length) { throw new Error("Unexpected " + tokens[index].text); }
    return node;
  }

  function toStr(v) {
    if (typeof v === "boolean") { return v ? "true" : "false"; }
    if (typeof v === "number") { return isNaN(v) ? "NaN" : String(v); }
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
    if (Array.isArray(a)) { return a.join(" "); }
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
    "today": function () { return new Date().toISOString().slice(0, 10); }
  };
  function evalNode(n, answers, current) {
    switch (n[0]) {
      case "num": return n[1];
      case "str": return n[1];
      case "ref": return answerValue(answers[n[1]]);
      case "dot": return answerValue(current);
      case "neg": return -toNum(evalNode(n[1], answers, current));
      case "call": return FUNCTIONS[n[1]].apply(null, n[2].map(function (a) { return evalNode(a, answers, current); }));
    }
    var op = n[1];
    if (op === "or") { return toBool(evalNode(n[2], answers, current)) || toBool(evalNode(n[3], answers, current)); }
    if (op === "and") { return toBool(evalNode(n[2], answers, current)) && toBool(evalNode(n[3], answers, current)); }
    var l = evalNode(n[2], answers, current), r = evalNode(n[3], answers, current);
    if (["=", "!=", "<", "<=", ">", ">="].indexOf(op) >= 0) { return compare(op, l, r); }
    var a = toNum(l), b = toNum(r);
    return op === "+" ? a + b : op === "-" ? a - b : op === "*" ? a * b : op === "div" ? a / b : a % b;
  }
  var cache = {};
  function evaluateBoolean(source, answers, current) {
    if (!cache[source]) { cache[source] = parse(source); }
    return toBool(evalNode(cache[source], answers, current));
  }
  window.ClearwayXPath = { parse: parse, evaluateBoolean: evaluateBoolean };
})();
