// Lighthouse's accessibility, SEO and best-practices scores of pages of a built site.
//
//   node tests/browser/lighthouse.mjs SITE_DIR BASE_PATH PATH...
//
// Serves SITE_DIR on 127.0.0.1 (ephemeral port) under BASE_PATH and runs Lighthouse's
// command line on every PATH with Debian's /usr/bin/chromium, kept off the network
// (CHECKING.md's flags). Prints each page's scores and every failing audit; exits 1
// when a score is under 100 or a page does not load, 2 on bad usage, 0 otherwise.

import { createServer } from 'node:http';
import { statSync, createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CATEGORIES = ['accessibility', 'seo', 'best-practices'];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.txt': 'text/plain; charset=utf-8',
};

const [siteDir, basePath, ...pages] = process.argv.slice(2);
if (!siteDir || !basePath || pages.length === 0) {
  console.error('usage: node lighthouse.mjs SITE_DIR BASE_PATH PATH...');
  process.exit(2);
}

const server = createServer((req, res) => {
  let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (!rel.startsWith(basePath)) { res.writeHead(404); res.end(); return; }
  let file = path.join(siteDir, rel.slice(basePath.length));
  try {
    if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
    statSync(file);
  } catch {
    res.writeHead(404); res.end(); return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/lighthouse/cli/index.js');
let failed = false;
for (const page of pages) {
  const url = origin + (page.startsWith('/') ? page : basePath + page);
  const profile = mkdtempSync(path.join(tmpdir(), 'folio-lighthouse-'));
  const flags = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--user-data-dir=${profile}`, '--log-level=3',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
  ].join(' ');
  let report;
  try {
    // Asynchronously: this process serves the pages Lighthouse loads.
    const { stdout: out } = await promisify(execFile)(process.execPath, [
      cli, url, '--output=json', '--quiet', `--only-categories=${CATEGORIES.join(',')}`,
      `--chrome-flags=${flags}`,
    ], { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, maxBuffer: 64 << 20 });
    report = JSON.parse(out);
  } catch (e) {
    console.log(`${url}: Lighthouse failed: ${e.message}`);
    failed = true;
    continue;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  if (report.runtimeError) {
    console.log(`${url}: ${report.runtimeError.code} ${report.runtimeError.message}`);
    failed = true;
    continue;
  }
  const scores = CATEGORIES.map((c) => `${c} ${Math.round(report.categories[c].score * 100)}`);
  console.log(`${url}: ${scores.join(', ')}`);
  for (const c of CATEGORIES) {
    const category = report.categories[c];
    if (category.score === 1) continue;
    failed = true;
    for (const ref of category.auditRefs) {
      const audit = report.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        console.log(`  ${c}: ${ref.id}: ${audit.title}`);
      }
    }
  }
}
server.close();
process.exit(failed ? 1 : 0);
