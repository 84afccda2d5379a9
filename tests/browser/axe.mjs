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
// 2 on bad usage, 0 otherwise.

import { createServer } from 'node:http';
import { statSync, createReadStream } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const NAV_TIMEOUT_MS = 30_000;
const AXE_TIMEOUT_MS = 60_000;
const TOTAL_TIMEOUT_MS = 10 * 60_000;
const SCHEMES = ['light', 'dark'];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

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
// Normalise BASE_PATH to "/x/y/" form.
const base = ('/' + baseArg + '/').replace(/\/{2,}/g, '/');

// Turn a PATH argument into the URL path to request.
function pagePath(p) {
  if (p.startsWith(base)) return p;
  return base + p.replace(/^\/+/, '');
}

// --- static server ---------------------------------------------------------

function fileFor(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith(base)) return null;
  const rel = decoded.slice(base.length);
  const full = path.resolve(siteDir, '.' + path.sep + rel);
  if (full !== siteDir && !full.startsWith(siteDir + path.sep)) return null;
  return full;
}

function serve(req, res) {
  const urlPath = new URL(req.url, 'http://localhost').pathname;
  const send = (status, body, headers = {}) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
  if (urlPath + '/' === base) return send(301, 'moved\n', { location: base });
  let file = fileFor(urlPath);
  if (!file) return send(404, 'not found\n');
  let st;
  try {
    st = statSync(file);
    if (st.isDirectory()) {
      // Like GitHub Pages: a folder without its trailing slash redirects.
      if (!urlPath.endsWith('/')) return send(301, 'moved\n', { location: urlPath + '/' });
      file = path.join(file, 'index.html');
      st = statSync(file);
    }
  } catch {
    return send(404, 'not found\n');
  }
  if (!st.isFile()) return send(404, 'not found\n');
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, { 'content-type': type, 'content-length': st.size });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

// --- main ------------------------------------------------------------------

const server = createServer(serve);
let browser;

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  await new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
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

function snippet(html) {
  const oneLine = html.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? oneLine.slice(0, 197) + '...' : oneLine;
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
    const results = await Promise.race([
      new AxeBuilder({ page }).withTags(TAGS).analyze(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`axe timed out after ${AXE_TIMEOUT_MS / 1000} s`)), AXE_TIMEOUT_MS).unref(),
      ),
    ]);
    for (const v of results.violations) {
      console.log(`FAIL ${where}: ${v.id} (${v.impact}): ${v.help}`);
      console.log(`     ${v.helpUrl}`);
      for (const node of v.nodes) {
        console.log(`     - ${node.target.join(' ')}`);
        console.log(`       ${snippet(node.html)}`);
        if (node.failureSummary) {
          for (const line of node.failureSummary.split('\n')) {
            if (line.trim()) console.log(`       | ${line.trim()}`);
          }
        }
      }
    }
    if (results.violations.length === 0) console.log(`ok   ${where}`);
    return { loaded: true, violations: results.violations.length };
  } finally {
    await context.close().catch(() => {});
  }
}

let exitCode = 0;
try {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;

  // The offline flags from /work/shared/CHECKING.md. Playwright adds
  // --headless itself (headless: true) and starts Chromium with a new empty
  // --user-data-dir of its own, which it deletes on close (it refuses a
  // --user-data-dir in args).
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    timeout: NAV_TIMEOUT_MS,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--log-level=3',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });

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
