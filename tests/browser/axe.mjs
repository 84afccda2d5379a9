// Accessibility check of a built site with axe-core in headless Chromium.
//
//   node tests/browser/axe.mjs SITE_DIR BASE_PATH PATH...
//
//   SITE_DIR   the built site (e.g. public/)
//   BASE_PATH  where the site lives on the server, e.g. "/" or "/repo/"
//   PATH...    pages to check, relative to BASE_PATH ("", "about/", "blog/x/")
//              or absolute under it ("/repo/about/")
//
// Serves SITE_DIR on 127.0.0.1 (ephemeral port) under BASE_PATH, opens every
// PATH in light and dark colour scheme in Debian's /usr/bin/chromium and runs
// axe with the WCAG 2.1 A/AA + best-practice rules. Prints every violation;
// exits 1 on any violation or any page that does not load with HTTP 200,
// or any page that scrolls sideways at 320 px or whose header is too tall at 390 px,
// 2 on bad usage, 0 otherwise.

import { statSync } from 'node:fs';
import path from 'node:path';
import {
  NAV_TIMEOUT_MS,
  axeReport,
  closeServer,
  launchChromium,
  listen,
  normaliseBase,
  siteServer,
} from './site.mjs';

const TOTAL_TIMEOUT_MS = 10 * 60_000;
const SCHEMES = ['light', 'dark'];

function usage(msg) {
  if (msg) console.error(`axe: ${msg}`);
  console.error('usage: node tests/browser/axe.mjs SITE_DIR BASE_PATH PATH...');
  process.exit(2);
}

const [siteArg, baseArg, ...pageArgs] = process.argv.slice(2);
if (!siteArg || !baseArg || pageArgs.length === 0) usage();
const siteDir = path.resolve(siteArg);
try {
  if (!statSync(siteDir).isDirectory()) usage(`not a directory: ${siteDir}`);
} catch {
  usage(`no such directory: ${siteDir}`);
}
const base = normaliseBase(baseArg);

// Turn a PATH argument into the URL path to request.
function pagePath(p) {
  if (p.startsWith(base)) return p;
  return base + p.replace(/^\/+/, '');
}

// --- main ------------------------------------------------------------------

const server = siteServer(siteDir, base);
let browser;

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  await closeServer(server);
}

// Hard upper bound on the whole run, whatever hangs.
const watchdog = setTimeout(async () => {
  console.error(`axe: gave up after ${TOTAL_TIMEOUT_MS / 1000} s`);
  await Promise.race([cleanup(), new Promise((r) => setTimeout(r, 5_000))]);
  process.exit(1);
}, TOTAL_TIMEOUT_MS);
watchdog.unref();

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await cleanup();
    process.exit(130);
  });
}

// The layout a phone sees: no page scrolls sideways at 320 px, and the site's header stays
// a header at 390 px (a search box once took the header to 350 px there).
const HEADER_MAX_PX = 200;
async function layoutReport(page, where) {
  let problems = 0;
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: 844 });
    const { scroll, header } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      header: document.querySelector('.site-header')?.getBoundingClientRect().height ?? 0,
    }));
    if (scroll > width) {
      console.log(`FAIL ${where}: at ${width} px the page is ${scroll} px wide`);
      problems += 1;
    }
    if (header > HEADER_MAX_PX) {
      console.log(`FAIL ${where}: at ${width} px the header is ${Math.round(header)} px tall`);
      problems += 1;
    }
  }
  return problems;
}

async function checkPage(origin, urlPath, colorScheme) {
  const where = `${urlPath} [${colorScheme}]`;
  const context = await browser.newContext({ colorScheme });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(NAV_TIMEOUT_MS);
    let response;
    try {
      response = await page.goto(origin + urlPath, {
        waitUntil: 'load',
        timeout: NAV_TIMEOUT_MS,
      });
    } catch (err) {
      console.log(`FAIL ${where}: could not load: ${err.message.split('\n')[0]}`);
      return { loaded: false, violations: 0 };
    }
    const status = response ? response.status() : 0;
    if (status !== 200) {
      console.log(`FAIL ${where}: HTTP ${status}`);
      return { loaded: false, violations: 0 };
    }
    let violations = await axeReport(page, where);
    violations += await layoutReport(page, where);
    return { loaded: true, violations };
  } finally {
    await context.close().catch(() => {});
  }
}

let exitCode = 0;
try {
  const origin = await listen(server);
  browser = await launchChromium();

  let pages = 0;
  let violations = 0;
  let failedLoads = 0;
  for (const p of pageArgs) {
    const urlPath = pagePath(p);
    for (const scheme of SCHEMES) {
      try {
        const r = await checkPage(origin, urlPath, scheme);
        pages += 1;
        violations += r.violations;
        if (!r.loaded) failedLoads += 1;
      } catch (err) {
        pages += 1;
        failedLoads += 1;
        console.log(`FAIL ${urlPath} [${scheme}]: ${err.message.split('\n')[0]}`);
      }
    }
  }
  const failed = failedLoads ? `, ${failedLoads} failed to load` : '';
  console.log(`axe: ${pages} pages checked, ${violations} violations${failed}`);
  if (violations > 0 || failedLoads > 0) exitCode = 1;
} catch (err) {
  console.error(`axe: ${err.stack ?? err}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
