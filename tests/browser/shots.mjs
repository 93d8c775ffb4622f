// shots.mjs: screenshots of pages at phone (390 x 844) and desktop (1100 x
// 800) width, for a person to look at (not a test): 
//   node shots.mjs base=http://127.0.0.1:PORT out=DIR pages=/a,/b [chromium=/usr/bin/chromium]
import path from "node:path";
import fs from "node:fs";
import { chromium } from "playwright-core";
import { args } from "./lib.mjs";

const a = args();
fs.mkdirSync(a.out, { recursive: true });
const browser = await chromium.launch({ executablePath: a.chromium || "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu"] });
for (const [name, viewport] of [["phone", { width: 390, height: 844 }], ["desktop", { width: 1100, height: 800 }]]) {
  const context = await browser.newContext({ viewport, javaScriptEnabled: false });
  const page = await context.newPage();
  for (const p of a.pages.split(",")) {
    await page.goto(`${a.base}${p}`);
    const file = `${name}-${p.replace(/[^a-z0-9]+/gi, "_") || "root"}.png`;
    await page.screenshot({ path: path.join(a.out, file), fullPage: true });
    if (name === "phone") {
      const h = await page.evaluate(() => document.documentElement.scrollHeight);
      for (let y = 0, i = 0; y < h && i < 4; y += 1000, i++)
        await page.screenshot({ path: path.join(a.out, file.replace(".png", `-part${i}.png`)), fullPage: true,
          clip: { x: 0, y, width: 390, height: Math.min(1000, h - y) } });
    }
    console.log(file);
    const figs = page.locator("figure.chart");
    for (let i = 0; i < await figs.count(); i++)
      await figs.nth(i).screenshot({ path: path.join(a.out, file.replace(".png", `-chart${i}.png`)) });
  }
  await context.close();
}
await browser.close();
