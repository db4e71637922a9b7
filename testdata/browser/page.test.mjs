// Drives Debian's chromium through the page of trialgraph serve:
//   node page.test.mjs BASE_URL SCREENSHOT_PATH
// Clicks the umbilical-cord sites example, runs it, checks the table and
// the neighbourhood picture, and saves a screenshot. Exits non-zero on failure.
import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, shot] = process.argv.slice(2);
const want = [
  "General Hospital of Central Theater Command",
  "Maternal and Child Hospital of Hubei Province",
  "Wuhan Huoshenshan Hospital",
];

// A fresh profile each run (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "tg-chromium-")), {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base + "/");
  await page.getByRole("button", { name: "umbilical-cord sites" }).click();
  const q = await page.locator("#query").inputValue();
  if (q !== "named:sites?cell-source=umbilical-cord") throw new Error("example filled the box with " + q);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.waitForSelector("#results tbody tr");
  const cells = await page.locator("#results tbody td:first-child").allTextContents();
  for (const w of want) {
    if (!cells.includes(w)) throw new Error(`table lacks ${w}: ${JSON.stringify(cells)}`);
  }
  // The neighbourhood picture of NCT04288102 is drawn on load.
  await page.waitForFunction(() => document.querySelector("#graph canvas") !== null);
  const status = await page.locator("#status").textContent();
  if (!/^5 rows/.test(status)) throw new Error("status: " + status);
  if (errors.length) throw new Error("page errors: " + errors.join("; "));
  await page.screenshot({ path: shot, fullPage: true });
  console.log("ok: " + cells.length + " sites; screenshot " + shot);
} catch (e) {
  failed = true;
  console.error("FAIL: " + e.message);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
