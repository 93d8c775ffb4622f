// browser.mjs: muster serve in a real browser — Debian's Chromium, headless,
// driven by playwright-core — once with JavaScript and once without: the
// dashboard loads, the as-of form on the dashboard and on the strength page
// answers 590 for 2025-01-04, a figure's source link leads to that source's
// page, and no request leaves 127.0.0.1. Saves a screenshot of every step.
// Then, on a 390 x 844 phone, no page scrolls sideways: every page route
// (`pages`, comma-separated), the record and the source pages, and, signed in
// as `user` (an admin whose password is `password`), every form; screenshots
// of the dashboard, strength, funding and promises pages at 390 px.
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
    check(t("the strength chart is drawn (SVG)"),
      (await page.locator("figure svg rect").count()) === 6, `${await page.locator("figure svg rect").count()} bars`);
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
    const shots = { "/": "dashboard", "/strength": "strength", "/funding": "funding", "/promises": "promises" };
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
