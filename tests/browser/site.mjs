// What the browser checks share: a static server for a built site under a base path (like
// GitHub Pages), headless Chromium kept off the network, and axe's report of a page.

import { createServer } from 'node:http';
import { statSync, createReadStream } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const NAV_TIMEOUT_MS = 30_000;
const AXE_TIMEOUT_MS = 60_000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

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
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/// "/x/y/" from "x/y", "/x/y" or "/".
export function normaliseBase(base) {
  return ('/' + base + '/').replace(/\/{2,}/g, '/');
}

/// An HTTP server of `siteDir` under `base` ("/" or "/x/y/"): a folder is its index.html, a
/// folder without its trailing slash redirects, anything outside `base` is 404. Not listening.
export function siteServer(siteDir, base) {
  const fileFor = (urlPath) => {
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
  };
  return createServer((req, res) => {
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
  });
}

/// Starts `server` on 127.0.0.1 (`port` 0: any free port) and returns its origin.
export async function listen(server, port = 0) {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return `http://127.0.0.1:${server.address().port}`;
}

export async function closeServer(server) {
  await new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/// Debian's Chromium, headless, with the offline flags of /work/shared/CHECKING.md.
/// Playwright adds --headless itself (headless: true) and starts Chromium with a new empty
/// --user-data-dir of its own, which it deletes on close (it refuses one in args).
export function launchChromium() {
  return chromium.launch({
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
}

function snippet(html) {
  const oneLine = html.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? oneLine.slice(0, 197) + '...' : oneLine;
}

/// Runs axe (WCAG 2.1 A/AA and best practices) on the page as it is now, prints every
/// violation with `where` and returns how many there were.
export async function axeReport(page, where) {
  const results = await Promise.race([
    new AxeBuilder({ page }).withTags(AXE_TAGS).analyze(),
    new Promise((_, reject) =>
      setTimeout(
        () => reject(new Error(`axe timed out after ${AXE_TIMEOUT_MS / 1000} s`)),
        AXE_TIMEOUT_MS,
      ).unref(),
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
  return results.violations.length;
}
