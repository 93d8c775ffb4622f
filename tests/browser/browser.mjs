// browser.mjs: muster serve in a real browser — Debian's Chromium, headless,
// driven by playwright-core — once with JavaScript and once without: the
// dashboard loads, the as-of form on the dashboard and on the strength page
// answers 590 for 2025-01-04, a figure's source link leads to that source's
// page, and no request leaves 127.0.0.1. Saves a screenshot of every step.
// Then, on a 390 x 844 phone, no page scrolls sideways: every page route
// (`pages`, comma-separated), the record and the source pages, and, signed in
// as `user` (an admin whose password is `password`), every form; screenshots
// of the dashboard, strength, pledges, funding, budget, mandate, promises and
// obligations pages at 390 px. And the pages designed for their readers:
// their headings, columns and charts (designedPages).
//
//   node browser.mjs base=http://127.0.0.1:PORT artifacts=DIR pages=/,/strength,… record=ID \
//     user=NAME password=PASSWORD [chromium=/usr/bin/chromium]
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { args, check, deadline, fail, failures, ok } from "./lib.mjs";

const a = args();
const base = a.base;
const artifacts = a.artifacts;
const executablePath = a.chromium || "/usr/bin/chromium";
if (!base || !/^http:\/\/127\.0\.0\.1:\d+$/.test(base) || !artifacts) {
  fail("browser.mjs arguments", "usage: node browser.mjs base=http://127.0.0.1:PORT artifacts=DIR");
  process.exit(1);
}
fs.mkdirSync(artifacts, { recursive: true });

let browser;
deadline(300, "browser.mjs", async () => browser?.close());

const DAY = "2025-01-04";

// One pass of every check in a fresh context; `js` says whether the
// context runs JavaScript. Names carry the mode so each line is unique.
async function pass(js) {
  const mode = js ? "js" : "no-js";
  const t = (name) => `browser (${mode}): ${name}`;
  const wide = [];
  const shot = async (page, name) => {
    // Nothing may push the page sideways (the navigation once did).
    const [sw, cw] = await page.locator("html").evaluate((e) => [e.scrollWidth, e.clientWidth]);
    if (sw > cw) wide.push(`${name} ${sw} px`);
    const file = path.join(artifacts, `${mode}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
  const context = await browser.newContext({
    javaScriptEnabled: js,
    viewport: { width: 1100, height: 800 },
    locale: "en-GB",
    serviceWorkers: "block",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const requests = [];
  const problems = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} for ${r.url()}`);
  });
  // Chromium asks for /favicon.ico by itself, outside page.on("request").
  page.on("requestfinished", (r) => requests.includes(r.url()) || requests.push(r.url()));
  try {
    // 1. The dashboard.
    const res = await page.goto(`${base}/`);
    check(t("the dashboard answers 200 as HTML"), res.status() === 200 &&
      res.headers()["content-type"] === "text/html; charset=utf-8", `${res.status()} ${res.headers()["content-type"]}`);
    check(t("the dashboard's title and heading"),
      (await page.title()) === "Muster: the mission's record \u2014 Muster" &&
      (await page.locator("h1").innerText()) === "Muster: the mission's record", await page.title());
    const cards = await page.locator("section.card h2").allInnerTexts();
    check(t("the dashboard shows its cards, strength first"), cards[0] === "Strength" && cards.length >= 4,
      cards.join(", "));
    await shot(page, "dashboard");

    // 2. The dashboard's as-of form.
    await page.locator("form #as_of").fill(DAY);
    await Promise.all([page.waitForURL(`${base}/?as_of=${DAY}`), page.getByRole("button", { name: "Show" }).click()]);
    const big = await page.locator("section.card").first().locator(".big").innerText();
    check(t(`the dashboard's form for ${DAY} shows 590 personnel`), big === "590", `shows [${big}] at ${page.url()}`);
    check(t("the form keeps the day asked for"), (await page.locator("#as_of").inputValue()) === DAY,
      await page.locator("#as_of").inputValue());
    check(t("the strength card links to the same day's JSON"),
      (await page.locator(`section.card a[href="/api/v1/strength?as_of=${DAY}"]`).count()) === 1, "no JSON link");
    await shot(page, "dashboard-2025-01-04");

    // 3. The strength page's as-of form, reached from the navigation.
    await Promise.all([page.waitForURL(`${base}/strength`),
      page.getByRole("navigation").getByRole("link", { name: "Strength", exact: true }).click()]);
    check(t("the navigation leads to /strength, marked current"),
      (await page.locator('nav a[aria-current="page"]').innerText()) === "Strength", page.url());
    await page.locator("#as_of").fill(DAY);
    await Promise.all([page.waitForURL(`${base}/strength?as_of=${DAY}`),
      page.getByRole("button", { name: "Show" }).click()]);
    const headline = await page.locator("main p:has(.big)").innerText();
    check(t(`the strength page's form for ${DAY} reads 590`),
      headline === `590 personnel from 6 countries on ${DAY}`, headline);
    const kenya = await page.locator("main table tr", { hasText: "Kenya" }).first().innerText();
    check(t("the strength table gives Kenya 400"), /\b400\b/.test(kenya), kenya);
    const byCountry = page.locator("figure:not(.chart) svg rect");
    check(t("the strength chart is drawn (SVG)"), (await byCountry.count()) === 6, `${await byCountry.count()} bars`);
    await shot(page, "strength-2025-01-04");

    // 4. A figure's source: the reported total of 590 and its source page.
    const link = page.locator("main li", { hasText: "Latest reported mission total: 590" }).locator(".src a").first();
    const ref = await link.innerText();
    check(t("the reported total of 590 names its source"), ref === "trinidad-guardian-2025-01-04", ref);
    await Promise.all([page.waitForURL(`${base}/source/${ref}`), link.click()]);
    const h1 = await page.locator("h1").innerText();
    const body = await page.locator("main").innerText();
    check(t("the source link leads to that source's page"),
      h1 === `Source ${ref}` && body.includes("A source record") && /Cited by \d+ records/.test(body),
      `${page.url()}: ${h1}`);
    check(t("the source page gives publisher and grade"),
      (await page.locator("dl.f dt", { hasText: "Publisher" }).count()) === 1 &&
      (await page.locator("dl.f dt", { hasText: "Grade" }).count()) === 1, body.slice(0, 300));
    await shot(page, "source");

    // 5. Where the browser went.
    const origin = new URL(base).origin;
    const away = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith("data:"));
    check(t(`every request (${requests.length}) went to ${origin}`), away.length === 0 && requests.length >= 5,
      away.length ? `left 127.0.0.1: ${away.join(" ")}` : `only ${requests.length} requests`);
    check(t("no page is wider than the 1100 px window"), wide.length === 0, wide.join(", "));
    check(t("no error status, console error or page error (CSP included)"), problems.length === 0,
      problems.join(" | "));
    // The mode is real: a page's own script runs only with JavaScript on.
    await page.goto("about:blank");
    await page.setContent('<p id="x">off</p><script>document.getElementById("x").textContent = "on"</script>');
    const ran = await page.locator("#x").innerText();
    check(t(`page scripts are ${js ? "on" : "off"}`), ran === (js ? "on" : "off"), `the script says ${ran}`);
  } catch (e) {
    fail(t("the walk through the pages"), e.message.split("\n")[0]);
    await shot(page, "failure").catch(() => {});
  } finally {
    await context.close();
  }
}

// The pages designed for their readers (issue 20): each one's headings, its
// tables' columns and its charts (an SVG with a title and a description, and
// the parts drawn), at 1100 px, screenshots saved as designed-NAME.png.
const designed = [
  { path: "/funding?as_of=2026-11-23", name: "funding",
    h2: ["Trust fund", "Bilateral and in kind", "Channel not stated", "Totals that include bilateral support",
      "FTS's figures beside Muster's"],
    columns: { "#trust-fund + table": ["Donor", "Committed", "Deposited", "Spent", "Frozen"] }, charts: {} },
  { path: "/budget?as_of=2026-11-23", name: "budget", h2: ["Budgets in the record", "The trust fund over time"],
    columns: { "details table.series": ["Date", "Budget", "Pledged", "Raised"] },
    charts: { "budget-bar": ["rect.raised", 1], "tf-chart": ["path.raised", 1] } },
  { path: "/mandate?as_of=2026-11-23", name: "mandate", h2: ["The resolutions over time"],
    columns: { "main > table": ["Symbol", "Mission", "Start", "End", "Review", "Status", "Ceiling", "Successor of"] },
    charts: { "mandate-bands": ["rect.band", 3] } },
  { path: "/promises?as_of=2026-11-23", name: "promises",
    h2: ["Missed (7)", "Pending (1)", "Kept (4)", "Unknown (2)"],
    columns: { "#missed + table": ["Who", "What was promised", "Deadline", "What the record shows", "Why"] },
    charts: {} },
  { path: "/obligations?as_of=2026-11-23", name: "obligations", h2: ["Overdue (6)", "Met (2)", "Unknown (7)"],
    columns: { "#overdue + table": ["Resolution", "Who", "What is required", "Due", "What the record shows"] },
    charts: {} },
  { path: "/strength?as_of=2025-01-04", name: "strength", h2: ["Strength over time"],
    columns: { "details table.series": ["Date", "Personnel", "Personnel pledged", "Target", "Ceiling"] },
    charts: { "strength-time": ["path.stack", 6] } },
  { path: "/pledges?as_of=2026-11-23", name: "pledges", h2: ["Table"], columns: {},
    charts: { "pledges-chart": ["g.country", 7] } },
  { path: "/conflicts", name: "conflicts", h2: ["Disagreements (24)"], columns: {}, charts: {} },
  { path: "/sources", name: "sources", h2: ["The sources"],
    columns: { "main > table": ["Id", "Publisher", "Title", "Date", "Grade", "Records"] }, charts: {} },
  { path: "/timeline?as_of=2026-11-23", name: "timeline", h2: [],
    columns: { "main > table": ["Date", "Kind", "What"] }, charts: {} },
  { path: "/missions?as_of=2026-11-23", name: "missions", h2: [], columns: {}, charts: {} },
  { path: "/places?as_of=2026-11-23", name: "places", h2: [], columns: {}, charts: {} },
  { path: "/incidents?as_of=2026-11-23", name: "incidents", h2: ["Disagreements (5)"], columns: {}, charts: {} },
  { path: "/?as_of=2025-01-04", name: "dashboard", h2: ["Strength", "Mandate", "Money", "Disagreements",
    "Pledged and deployed"], columns: {},
    charts: { "strength-time": ["path.stack", 6], "pledges-chart": ["g.country", 7], "budget-bar": ["rect.raised", 1],
      "tf-chart": ["path.budget", 1] } },
];

async function designedPages() {
  const t = (name) => `browser (designed pages): ${name}`;
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 800 },
    locale: "en-GB", serviceWorkers: "block" });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  try {
    for (const d of designed) {
      const res = await page.goto(`${base}${d.path}`);
      const h2 = await page.locator("main h2").allInnerTexts();
      const missing = d.h2.filter((h) => !h2.includes(h));
      check(t(`${d.path} answers 200 with its headings (${d.h2.join(", ")})`), res.status() === 200 && !missing.length,
        `${res.status()}; missing ${missing.join(", ")} among ${h2.join(", ")}`);
      const lead = await page.locator("main p.lead, main p:has(.big)").count();
      check(t(`${d.path} has a headline in words`), lead >= 1, "no p.lead");
      const generic = h2.includes("Answer");
      const empty = (await page.locator("main").innerText()).includes("No rows");
      check(t(`${d.path} shows no generic dump of the answer and no empty table`), !generic && !empty,
        `${generic ? "an Answer section" : ""} ${empty ? "No rows" : ""}`);
      for (const [sel, cols] of Object.entries(d.columns)) {
        const got = await page.locator(sel).first().locator("thead th").allTextContents();
        check(t(`${d.path}: ${sel} has the columns ${cols.join(", ")}`), JSON.stringify(got) === JSON.stringify(cols),
          got.join(", "));
      }
      for (const [id, [part, n]] of Object.entries(d.charts)) {
        const svg = page.locator(`svg[aria-labelledby="${id}-t ${id}-d"]`);
        const title = await svg.locator("title").textContent().catch(() => "");
        const desc = await svg.locator("desc").textContent().catch(() => "");
        const parts = await svg.locator(part).count();
        check(t(`${d.path}: the chart ${id} has a title, a description and ${n} ${part}`),
          title.length > 10 && desc.length > 10 && parts === n, `title [${title}] desc [${desc.slice(0, 80)}] ${parts} ${part}`);
      }
      await page.screenshot({ path: path.join(artifacts, `designed-${d.name}.png`), fullPage: true });
    }
  } catch (e) {
    fail(t("the walk through the designed pages"), e.message.split("\n")[0]);
  } finally {
    await context.close();
  }
}

// The page routes at 390 x 844 in a fresh context: document.scrollingElement
// must not be wider than the window. Signed in, the forms too.
async function phone(js) {
  const mode = js ? "js" : "no-js";
  const t = (name) => `browser (${mode}, 390 px): ${name}`;
  const context = await browser.newContext({
    javaScriptEnabled: js,
    viewport: { width: 390, height: 844 },
    locale: "en-GB",
    serviceWorkers: "block",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const width = async () =>
    page.evaluate(() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]);
  const visit = async (p, shotName) => {
    const res = await page.goto(`${base}${p}`);
    const [sw, cw] = await width();
    check(t(`${p} (${res.status()}) scrolls no sideways: scrollWidth ${sw} <= clientWidth ${cw}`), sw <= cw && cw > 0,
      `scrollWidth ${sw} > clientWidth ${cw}`);
    if (shotName) await page.screenshot({ path: path.join(artifacts, `phone-${mode}-${shotName}.png`), fullPage: true });
  };
  try {
    const shots = { "/": "dashboard", "/strength": "strength", "/funding": "funding", "/promises": "promises",
      "/budget": "budget", "/mandate": "mandate", "/obligations": "obligations", "/pledges": "pledges" };
    const pages = (a.pages || "").split(",").filter(Boolean);
    check(t(`the page routes to visit (${pages.length})`), pages.length >= 14 && pages.includes("/"), a.pages);
    for (const p of pages) await visit(p, shots[p]);
    for (const p of ["/?lang=fr", "/funding?lang=fr", "/promises?lang=es", "/timeline?lang=ht",
      `/strength?as_of=${DAY}`, "/funding?by=stage", "/places?as_of=2024-11-19", "/no-such-page"]) await visit(p);
    if (a.record) await visit(`/record/${a.record}`);
    await visit("/source/trinidad-guardian-2025-01-04");
    // Signed in: the forms.
    await page.goto(`${base}/signin`);
    await page.locator("#name").fill(a.user || "");
    await page.locator("#password").fill(a.password || "");
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/signin")),
      page.locator("main form button[type=submit]").click()]);
    await page.goto(`${base}/add`);
    const kinds = await page.locator('main a[href^="/add/"]').evaluateAll((as) => as.map((x) => x.getAttribute("href")));
    check(t(`signed in, /add lists the forms (${kinds.length})`), kinds.length >= 5, kinds.join(" "));
    for (const p of ["/add", ...kinds]) await visit(p);
    if (a.record) {
      await visit(`/correct/${a.record}`);
      await visit(`/retract/${a.record}`);
      await visit(`/record/${a.record}`);
    }
    await visit("/vetting");
    await visit("/complaints");
  } catch (e) {
    fail(t("the walk through the pages"), e.message.split("\n")[0]);
    await page.screenshot({ path: path.join(artifacts, `phone-${mode}-failure.png`) }).catch(() => {});
  } finally {
    await context.close();
  }
}

try {
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync"],
  });
  ok(`browser: Chromium ${browser.version()} started headless`);
  await pass(true);
  await pass(false);
  await designedPages();
  await phone(true);
  await phone(false);
} catch (e) {
  fail("browser: Chromium starts", e.message.split("\n")[0]);
} finally {
  await browser?.close();
}
const pngs = fs.readdirSync(artifacts).filter((f) => f.endsWith(".png") && !f.includes("failure"));
check(`browser: screenshots saved in ${artifacts} (${pngs.length})`, pngs.length >= 16, pngs.join(" "));
process.exit(failures() ? 1 : 0);
