// Search, its facets and the paged directory in headless Chromium, by keyboard only.
//
//   node tests/browser/search.mjs SPEC_JSON
//
// SPEC_JSON is one argument, a JSON object:
//   site      the built site's folder
//   base      where it is published, "/sub/path/" (its base_url's path)
//   port      the port its base_url names (0: any)
//   person    { name, url }: someone who is not on the directory's first page
//   skill     a skill's name, as the skill filter shows it
//   employer  an employer's name, as the employer filter shows it
//   both      the URLs of exactly the people with that skill and that employer
//   holders   how many people have that skill
//   axe       pages (relative to base) to run axe on, light and dark, besides /search/; a
//             `page/1/` redirect is checked itself (its refresh is stopped, and must happen)
//
// Serves the site under `base` on 127.0.0.1 and checks, with the keyboard alone:
//  (a) from the home page, Tab reaches the header's search box; typing the person's name and
//      Enter opens the search page with a result linking to their page, which Tab and Enter
//      follow;
//  (b) on the search page, Tab and Space tick the skill filter, then the employer filter, and
//      the results are exactly `both`;
//      and the search page opened with that skill's filter in its URL (the search page's
//      "search only them" links), no word typed, counts exactly `holders` results;
//  (c) axe finds nothing on the search page with those results shown, nor on the `axe` pages,
//      in light and dark;
//  (d) at 390 px no filter starts open; at 1280 px the skill and employer filters do.
// Prints what it did and every failure; exits 1 on any failure, 2 on bad usage, 0 otherwise.

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
/// How long the search UI may take to show the results of a change (Pagefind waits 300 ms
/// after a key, then loads the index and the fragments).
const RESULTS_TIMEOUT_MS = 20_000;
/// The most Tab presses to reach a control: the filter lists can be long.
const MAX_TABS = 1_000;

let spec;
try {
  spec = JSON.parse(process.argv[2] ?? '');
} catch {
  console.error('usage: node tests/browser/search.mjs SPEC_JSON (see the comment at the top)');
  process.exit(2);
}
for (const key of ['site', 'base', 'person', 'skill', 'employer', 'both', 'holders']) {
  if (spec[key] === undefined) {
    console.error(`search: the spec has no "${key}"`);
    process.exit(2);
  }
}
const base = normaliseBase(spec.base);
const server = siteServer(path.resolve(spec.site), base);
let browser;
let failures = 0;

function fail(message) {
  failures += 1;
  console.log(`FAIL ${message}`);
}

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  await closeServer(server);
}

const watchdog = setTimeout(async () => {
  console.error(`search: gave up after ${TOTAL_TIMEOUT_MS / 1000} s`);
  await Promise.race([cleanup(), new Promise((r) => setTimeout(r, 5_000))]);
  process.exit(1);
}, TOTAL_TIMEOUT_MS);
watchdog.unref();

/// A short description of the focused element, for messages.
function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return 'nothing';
    const label = e.labels?.[0]?.textContent ?? e.getAttribute('aria-label') ?? e.textContent;
    return `<${e.tagName.toLowerCase()}${e.id ? ' id=' + e.id : ''}> ${String(label ?? '').trim().slice(0, 60)}`;
  });
}

/// Presses Tab until `test` (run in the page on the focused element) holds; false if it
/// never does within MAX_TABS presses.
async function tabTo(page, test, arg) {
  for (let i = 0; i <= MAX_TABS; i++) {
    if (await page.evaluate(([t, a]) => new Function('e', 'arg', t)(document.activeElement, a), [test, arg])) {
      return true;
    }
    await page.keyboard.press('Tab');
  }
  return false;
}

/// The hrefs of the results the search UI shows now.
function resultLinks(page) {
  return page.$$eval('.pagefind-ui__result-link', (links) => links.map((a) => a.getAttribute('href')));
}

/// Waits until the results are `wanted` (sorted hrefs), or the time is up; returns the last seen.
async function waitForResults(page, wanted) {
  const deadline = Date.now() + RESULTS_TIMEOUT_MS;
  let seen = [];
  while (Date.now() < deadline) {
    seen = (await resultLinks(page)).sort();
    if (JSON.stringify(seen) === JSON.stringify(wanted)) return seen;
    await page.waitForTimeout(200);
  }
  return seen;
}

async function findsAPersonByName(origin) {
  const { name, url } = spec.person;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(NAV_TIMEOUT_MS);
    await page.goto(origin + base, { waitUntil: 'load' });
    if (!(await tabTo(page, "return e && e.id === 'site-search-q'"))) {
      return fail(`(a) Tab never reaches the header's search box from ${base}`);
    }
    await page.keyboard.type(name);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === `${base}search/`);
    const href = url;
    const deadline = Date.now() + RESULTS_TIMEOUT_MS;
    let links = [];
    while (Date.now() < deadline && !links.includes(href)) {
      links = await resultLinks(page);
      await page.waitForTimeout(200);
    }
    if (!links.includes(href)) {
      return fail(`(a) searching "${name}" shows no result linking to ${href}: ${JSON.stringify(links)}`);
    }
    console.log(`ok   (a) "${name}" found from the header's box: ${href} among ${links.length} results`);
    const test = 'return e && e.tagName === "A" && e.getAttribute("href") === arg';
    if (!(await tabTo(page, test, href))) {
      return fail(`(a) Tab never reaches the result linking to ${href}`);
    }
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === href);
    const h1 = (await page.textContent('h1'))?.trim();
    if (h1 !== name) return fail(`(a) the result opens a page titled "${h1}", not "${name}"`);
    console.log(`ok   (a) the result opens ${href} by keyboard`);
  } finally {
    await context.close().catch(() => {});
  }
}

/// Tabs to the search UI's checkbox of `value` in filter `name` and ticks it with Space.
/// Waits first until the checkbox is drawn and the UI has settled: Pagefind's UI draws the
/// filters from the first index part it loads and draws them again as the others and the
/// first results arrive, and a list drawn again behind the focus is never tabbed through.
async function tick(page, name, value) {
  const test = 'return e && e.type === "checkbox" && e.name === arg[0] && e.value === arg[1]';
  const find = ([n, v]) =>
    [...document.querySelectorAll('.pagefind-ui__filter-checkbox')].find((c) => c.name === n && c.value === v);
  try {
    await page.waitForFunction(find, [name, value], { timeout: RESULTS_TIMEOUT_MS });
    await page.waitForFunction(() => document.getElementById('search-status')?.textContent.trim(), null, {
      timeout: RESULTS_TIMEOUT_MS,
    });
  } catch {
    fail(`(b) the ${name} filter "${value}" is not drawn, or the results never settle`);
    return false;
  }
  if (!(await tabTo(page, test, [name, value]))) {
    const state = await page.evaluate(
      ([n, v]) => {
        const c = [...document.querySelectorAll('.pagefind-ui__filter-checkbox')].find((c) => c.name === n && c.value === v);
        if (!c) return 'no such checkbox now';
        return `the checkbox is there, its list ${c.closest('details')?.open ? 'open' : 'closed'}, disabled: ${c.disabled}`;
      },
      [name, value],
    );
    fail(`(b) Tab never reaches the ${name} filter "${value}" (focus ends on ${await focused(page)}; ${state})`);
    return false;
  }
  await page.keyboard.press('Space');
  const checked = await page.evaluate(() => document.activeElement.checked);
  if (!checked) {
    fail(`(b) Space does not tick the ${name} filter "${value}"`);
    return false;
  }
  return true;
}

/// Every id on the page is unique and holds no space, every filter checkbox has its one
/// label, and the status region announces the count the UI shows (`count` results).
async function namesAndStatus(page, tag, count) {
  const problems = await page.evaluate(() => {
    const found = [];
    const seen = new Set();
    for (const e of document.querySelectorAll('[id]')) {
      if (/\s/.test(e.id)) found.push(`an id with a space: "${e.id}"`);
      if (seen.has(e.id)) found.push(`a repeated id: "${e.id}"`);
      seen.add(e.id);
    }
    for (const c of document.querySelectorAll('.pagefind-ui__filter-checkbox')) {
      if (c.labels?.length !== 1) found.push(`the filter ${c.name} "${c.value}" has ${c.labels?.length ?? 0} labels`);
    }
    return found;
  });
  for (const p of problems.slice(0, 5)) fail(`${tag} ${p}`);
  if (problems.length === 0) console.log(`ok   ${tag} every id unique and without spaces, every filter labelled`);
  const wanted = `${count} result${count === 1 ? '' : 's'}`;
  const deadline = Date.now() + RESULTS_TIMEOUT_MS;
  let said = '';
  while (Date.now() < deadline) {
    said = (await page.textContent('[role="status"]#search-status'))?.trim() ?? '';
    if (said === wanted) break;
    await page.waitForTimeout(200);
  }
  if (said !== wanted) return fail(`${tag} the status region says "${said}", not "${wanted}"`);
  console.log(`ok   ${tag} the status region says "${said}"`);
}

async function facetsNarrowAndAxe(origin) {
  const wanted = [...spec.both].sort();
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(NAV_TIMEOUT_MS);
      await page.goto(`${origin}${base}search/`, { waitUntil: 'load' });
      await page.waitForSelector('.pagefind-ui__filter-checkbox');
      if (!(await tick(page, 'skill', spec.skill))) return;
      if (!(await tick(page, 'employer', spec.employer))) return;
      const seen = await waitForResults(page, wanted);
      if (JSON.stringify(seen) !== JSON.stringify(wanted)) {
        return fail(
          `(b) [${colorScheme}] skill "${spec.skill}" and employer "${spec.employer}" show ${JSON.stringify(seen)}, not ${JSON.stringify(wanted)}`,
        );
      }
      console.log(`ok   (b) [${colorScheme}] skill "${spec.skill}" and employer "${spec.employer}": ${seen.length} people`);
      await namesAndStatus(page, `(b) [${colorScheme}]`, wanted.length);
      failures += await axeReport(page, `(c) ${base}search/ with results [${colorScheme}]`);
    } finally {
      await context.close().catch(() => {});
    }
  }
}

// (d) On a phone the filters start closed, so the results follow the box; on a wide screen
// the skill and employer filters are open beside them.
async function filtersOpenOnlyBesideTheResults(origin) {
  for (const [width, wanted] of [[390, []], [1280, ['Employer', 'Skill']]]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(NAV_TIMEOUT_MS);
      await page.goto(`${origin}${base}search/?q=${encodeURIComponent(spec.person.name)}`, { waitUntil: 'load' });
      await page.waitForSelector('.pagefind-ui__filter-block', { timeout: RESULTS_TIMEOUT_MS });
      const open = await page.$$eval('details.pagefind-ui__filter-block[open] summary', (all) => all.map((s) => s.textContent.trim()).sort());
      if (JSON.stringify(open) !== JSON.stringify(wanted)) {
        fail(`(d) at ${width} px the open filters are ${JSON.stringify(open)}, not ${JSON.stringify(wanted)}`);
      } else {
        console.log(`ok   (d) at ${width} px the open filters are ${JSON.stringify(open)}`);
      }
    } finally {
      await context.close().catch(() => {});
    }
  }
}

async function aFilterInTheUrlListsItsPeople(origin) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(NAV_TIMEOUT_MS);
    const query = new URLSearchParams({ skill: spec.skill });
    await page.goto(`${origin}${base}search/?${query}`, { waitUntil: 'load' });
    const wanted = `${spec.holders} results`;
    const deadline = Date.now() + RESULTS_TIMEOUT_MS;
    let message = null;
    while (Date.now() < deadline && message !== wanted) {
      message = (await page.$eval('.pagefind-ui__message', (p) => p.textContent).catch(() => null))?.trim() ?? null;
      await page.waitForTimeout(200);
    }
    if (message !== wanted) {
      return fail(`(b) search/?${query} says ${JSON.stringify(message)}, not "${wanted}"`);
    }
    console.log(`ok   (b) search/?${query} lists the skill's ${spec.holders} people, no word typed`);
  } finally {
    await context.close().catch(() => {});
  }
}

async function axePages(origin) {
  for (const rel of spec.axe ?? []) {
    for (const colorScheme of ['light', 'dark']) {
      const context = await browser.newContext({ colorScheme });
      try {
        const page = await context.newPage();
        const where = `${base}${rel} [${colorScheme}]`;
        const address = `${origin}${base}${rel}`;
        // A page that sends the visitor on (`page/1/`'s meta refresh) is checked itself:
        // any navigation away from it is stopped, and said.
        let leftFor = null;
        await page.route('**/*', (route, request) => {
          if (request.isNavigationRequest() && request.frame() === page.mainFrame() && request.url() !== address) {
            leftFor = request.url();
            // A 204 answer leaves the page where it is (an aborted one shows an error page).
            return route.fulfill({ status: 204 });
          }
          return route.continue();
        });
        const response = await page.goto(address, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
        if (response?.status() !== 200) {
          fail(`(c) ${where}: HTTP ${response?.status()}`);
          continue;
        }
        await page.waitForTimeout(300);
        if (rel.endsWith('page/1/') && leftFor === null) {
          fail(`(c) ${where}: the first page's old address does not send the visitor on`);
        }
        if (page.url() !== address) {
          fail(`(c) ${where}: axe would check ${page.url()} instead`);
          continue;
        }
        failures += await axeReport(page, `(c) ${where}`);
      } finally {
        await context.close().catch(() => {});
      }
    }
  }
}

try {
  const origin = await listen(server, spec.port ?? 0);
  browser = await launchChromium();
  for (const step of [findsAPersonByName, facetsNarrowAndAxe, aFilterInTheUrlListsItsPeople, filtersOpenOnlyBesideTheResults, axePages]) {
    try {
      await step(origin);
    } catch (err) {
      fail(`${step.name}: ${err.message.split('\n')[0]}`);
    }
  }
  console.log(`search: ${failures} failures`);
} catch (err) {
  console.error(`search: ${err.stack ?? err}`);
  failures += 1;
} finally {
  await cleanup();
}
process.exit(failures > 0 ? 1 : 0);
