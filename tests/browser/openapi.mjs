// openapi.mjs: /api/v1/openapi.json against the OpenAPI 3.1 meta-schema
// (@seriousme/openapi-schema-validator), against the server's route table
// (`muster test-routes`), and against what the server really answers: every
// schema compiles under Ajv's JSON Schema 2020-12 in strict mode, every API
// route's answer and error match their schemas, every documented parameter
// is taken and no other. Talks only to the server on 127.0.0.1.
//
//   node openapi.mjs base=http://127.0.0.1:PORT routes=FILE
import fs from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { args, check, deadline, fail, failures, ok } from "./lib.mjs";

const { base, routes: routesFile } = args();
if (!base || !base.startsWith("http://127.0.0.1:") || !routesFile) {
  fail("openapi.mjs arguments", "usage: node openapi.mjs base=http://127.0.0.1:PORT routes=FILE");
  process.exit(1);
}
deadline(120, "openapi.mjs");

async function get(path) {
  const res = await fetch(base + path, { signal: AbortSignal.timeout(20000) });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, ctype: res.headers.get("content-type"), text, json };
}

const doc = (await get("/api/v1/openapi.json")).json;
if (!doc) {
  fail("openapi.json is JSON", "it does not parse");
  process.exit(1);
}

// 1. The OpenAPI 3.1 meta-schema.
const validator = new Validator();
const res = await validator.validate(structuredClone(doc));
check("openapi.json is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)",
  res.valid && validator.version === "3.1", JSON.stringify(res.errors ?? validator.version));
const resolved = validator.resolveRefs();

// 2. The route table against the paths.
const table = fs.readFileSync(routesFile, "utf8").trim().split("\n").map((l) => {
  const [kind, path] = l.split(" ");
  return { kind, path, prefix: kind.startsWith("prefix-"), api: kind.endsWith("api") };
});
check("the route table has routes", table.length >= 10, `${table.length} routes`);
const docPaths = Object.keys(doc.paths);
// A prefix route "/record/" is documented as "/record/{name}" with that path parameter.
const docPathOf = (r) => docPaths.find((p) => r.prefix
  ? p.startsWith(r.path) && /^\{[a-z_]+\}$/.test(p.slice(r.path.length))
  : p === r.path);
const missing = table.filter((r) => !docPathOf(r)).map((r) => r.path);
check(`every route of the route table (${table.length}) is in openapi.json`, missing.length === 0,
  `missing: ${missing.join(" ")}`);
const extra = docPaths.filter((p) => !table.some((r) => docPathOf(r) === p));
check("openapi.json describes no path the server does not route", extra.length === 0, `extra: ${extra.join(" ")}`);
const ids = docPaths.map((p) => doc.paths[p].get?.operationId);
check("every path has a GET with a unique operationId", ids.every(Boolean) && new Set(ids).size === ids.length,
  ids.join(" "));
const pathParams = table.filter((r) => r.prefix).every((r) => {
  const p = docPathOf(r);
  const name = p?.slice(r.path.length + 1, -1);
  return doc.paths[p]?.get.parameters.some((x) => x.in === "path" && x.name === name && x.required);
});
check("prefix routes document their path parameter", pathParams, "a {name} without its parameter");
const kindsOk = table.every((r) => {
  const op = doc.paths[docPathOf(r)]?.get;
  const content = op?.responses["200"]?.content ?? {};
  // A page is HTML, but for the report's PDF (/report.pdf).
  const page = r.path.endsWith(".pdf") ? "application/pdf" : "text/html";
  return op && op.tags?.[0] === (r.api ? "api" : "pages") &&
    Object.keys(content)[0] === (r.api ? "application/json" : page);
});
check("API routes answer application/json and pages text/html (a .pdf page a PDF), as tagged", kindsOk,
  "a route's 200 content or tag");

// 3. The schemas compile, strictly.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(ajv);
const compiled = {};
try {
  for (const p of docPaths) {
    const op = resolved.paths[p].get;
    for (const [code, r] of Object.entries(op.responses)) {
      for (const [ctype, c] of Object.entries(r.content ?? {}))
        compiled[`${p} ${code} ${ctype}`] = ajv.compile(c.schema);
    }
    for (const x of op.parameters) ajv.compile(x.schema);
  }
  ok(`every schema in openapi.json compiles under JSON Schema 2020-12, strict (${Object.keys(compiled).length} responses)`);
} catch (e) {
  fail("every schema in openapi.json compiles under JSON Schema 2020-12, strict", e.message);
}
const schemaOf = (path, code, ctype = "application/json") => compiled[`${path} ${code} ${ctype}`];
const why = (v) => ajv.errorsText(v.errors, { separator: "; " });

// 4. Real answers against their schemas.
const strength = (await get("/api/v1/strength?as_of=2025-01-04")).json;
const recordId = strength?.rows?.[0]?.records?.[0];
check("an example record id from /api/v1/strength", typeof recordId === "string", JSON.stringify(strength?.rows?.[0]));
const example = { "/api/v1/record/": recordId, "/record/": recordId, "/source/": "trinidad-guardian-2025-01-04",
  "/add/": "pledge", "/correct/": recordId, "/retract/": recordId };
let answered = 0;
for (const r of table) {
  const p = docPathOf(r);
  if (!p) continue;
  // A search needs words: without them it is a 400, as a question without its subject.
  const url = r.prefix ? r.path + example[r.path] : r.path === "/api/v1/search" ? r.path + "?q=Kenya" : r.path;
  const op = doc.paths[p].get;
  const takesAsOf = op.parameters.some((x) => x.name === "as_of");
  // Required parameters get example values (the report's PDF needs its period).
  const examples = { from: "2025-01-01", to: "2025-06-30" };
  const needs = op.parameters.filter((x) => x.required && x.in === "query").map((x) => `${x.name}=${examples[x.name]}`);
  const required = needs.length ? "?" + needs.join("&") : "";
  for (const q of takesAsOf ? [required, (required ? required + "&" : "?") + "as_of=2025-01-04"] : [required]) {
    const got = await get(url + q);
    if (!r.api) {
      // A form for signed-in users answers an anonymous reader 403, as documented.
      const want = r.kind.endsWith("form") && got.status === 403 && op.responses["403"] ? 403 : 200;
      const ctype = Object.keys(op.responses[String(want)]?.content || { "text/html": 1 })[0];
      check(`page ${url}${q}: ${want} ${ctype} as documented`,
        got.status === want && got.ctype.startsWith(ctype) &&
          (ctype !== "text/html" || got.text.startsWith("<!DOCTYPE html>")) &&
          (ctype !== "application/pdf" || got.text.startsWith("%PDF-")),
        `${got.status} ${got.ctype}`);
      continue;
    }
    const v = schemaOf(p, "200");
    if (got.status !== 200 || !v) {
      fail(`api ${url}${q} matches its 200 schema`, `status ${got.status}, schema ${!!v}`);
      continue;
    }
    if (check(`api ${url}${q} matches its 200 schema`, v(got.json), v.errors && why(v))) answered++;
  }
}
check("the answers checked include every API route", answered >= table.filter((r) => r.api).length,
  `${answered} answers`);

// The answer schema is not a formality: broken frames fail it.
const v200 = schemaOf("/api/v1/strength", "200");
if (v200 && strength) {
  const broken = [
    ["without sources", (d) => delete d.sources],
    ["with an unknown key", (d) => { d.total = 590; }],
    ["answering another question", (d) => { d.question = "pledges"; }],
    ["with a source without its id", (d) => { delete d.sources[0].id; }],
    ["with a grade F", (d) => { d.sources[0].grade = "F"; }],
    ["with a disagreement without its rule", (d) => { delete d.disagreements[0].rule; }],
    ["with a malformed as_of", (d) => { d.as_of = "2025-13-01"; }],
    ["with rows that are numbers", (d) => { d.rows = [590]; }],
  ];
  const passed = broken.filter(([, f]) => {
    const d = structuredClone(strength);
    f(d);
    return v200(d);
  }).map(([name]) => name);
  check(`the answer schema refuses ${broken.length} broken frames`, passed.length === 0,
    `accepted: ${passed.join(", ")}`);
}

// 5. Errors match the error schema, with the documented status.
for (const [path, doced, url, code] of [
  ["/api/v1/strength", "/api/v1/strength", "/api/v1/strength?as_of=2025-13-01", 400],
  ["/api/v1/strength", "/api/v1/strength", "/api/v1/strength?colour=blue", 400],
  ["/api/v1/budget", "/api/v1/budget", "/api/v1/budget?as_of=2020-01-01", 404],
  ["/api/v1/record/{id}", "/api/v1/record/", "/api/v1/record/ffffff00", 404],
]) {
  const got = await get(url);
  const v = schemaOf(path, String(code));
  check(`error ${url}: ${code} matching the error schema`,
    got.status === code && v && v(got.json) && doc.paths[path].get.responses[String(code)],
    `status ${got.status}, body ${got.text.slice(0, 200)} ${v?.errors ? why(v) : ""} (${doced})`);
}
const verr = schemaOf("/api/v1/strength", "400");
check("the error schema takes a message and a code word, and refuses anything else",
  verr && verr({ error: "x", code: "bad_input" }) && !verr({ error: "x", code: 1 }) &&
    !verr({ error: "x", code: "nope" }) && !verr({ error: "x" }) && !verr({ error: "x", code: "internal", more: 1 }) &&
    !verr({}), "it accepted a wrong one or refused the right one");

// 6. Parameters: each documented one is taken, an undocumented one is refused.
let paramsOk = 0;
const paramBad = [];
for (const r of table.filter((x) => x.api && !x.prefix)) {
  const op = doc.paths[r.path].get;
  for (const x of op.parameters.filter((y) => y.in === "query")) {
    const got = await get(`${r.path}?${x.name}=zz`);
    const msg = got.json?.error ?? "";
    if (got.status === 200 || (got.status >= 400 && !msg.startsWith("unknown parameter"))) paramsOk++;
    else paramBad.push(`${r.path} ${x.name}: ${got.status} ${msg}`);
  }
  const got = await get(`${r.path}?undocumented=1`);
  if (r.path !== "/api/v1/openapi.json" && !(got.status === 400 && got.json?.error?.startsWith("unknown parameter")))
    paramBad.push(`${r.path} undocumented: ${got.status}`);
}
check(`every documented query parameter is taken (${paramsOk}) and an undocumented one refused`,
  paramBad.length === 0 && paramsOk > 10, paramBad.join("; "));

process.exit(failures() ? 1 : 0);
