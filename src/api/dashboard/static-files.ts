/**
 * The dashboard's static files: the page and its plain browser modules from
 * `src/api/dashboard/public/` and uPlot's prebuilt files from its npm
 * package (`node_modules/uplot/dist`). No build step: what is in those
 * folders is what the browser gets.
 *
 * Where the public folder is: tsc does not copy .html/.css files into dist/,
 * so the folder is found relative to the package root (the first folder
 * above this module holding qkdd's package.json), which is the same tree
 * whether this module runs from src/ (tsx, tests) or from dist/ (npm start).
 *
 * Only names listed in the folder (letters, digits, dot, dash, underscore) are
 * served — no path from the request ever reaches the file system as it is.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The page may load only its own files and talk only to its own server. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const SAFE_NAME = /^[\w][\w.-]*$/;

/** The package root of qkdd: the first folder above `from` with a package.json named qkdd. */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'qkdd') return dir;
    } catch {
      // no package.json here
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`dashboard: no qkdd package.json above ${from}`);
    dir = up;
  }
}

export const DASHBOARD_PUBLIC_DIR = join(packageRoot(), 'src', 'api', 'dashboard', 'public');

/** uPlot's dist folder, wherever npm put the package. */
function uplotDistDir(): string | null {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('uplot/package.json')), 'dist');
  } catch {
    return null;
  }
}

export class DashboardFiles {
  private readonly files = new Map<string, string>();

  constructor(publicDir: string = DASHBOARD_PUBLIC_DIR) {
    for (const name of safeListing(publicDir)) this.files.set(name, join(publicDir, name));
    const uplot = uplotDistDir();
    if (uplot) for (const name of ['uPlot.esm.js', 'uPlot.min.css']) this.files.set(`vendor/${name}`, join(uplot, name));
  }

  /** Names served under /dashboard/ (`index.html`, `dashboard.js`, `vendor/uPlot.esm.js`, …). */
  get names(): string[] {
    return [...this.files.keys()].sort();
  }

  /** Answers with the file, or 404 when it is not one of ours. */
  async send(name: string, res: ServerResponse): Promise<void> {
    const path = this.files.get(name);
    const type = CONTENT_TYPES[extname(name)];
    let body: Buffer | null = null;
    if (path && type) body = await readFile(path).catch(() => null);
    if (!body || !type) {
      const text = `${JSON.stringify({ error: { code: 'not_found', message: `no dashboard file ${name.slice(0, 100)}` } })}\n`;
      res.writeHead(404, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(text);
      return;
    }
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': body.length,
      // Revalidated at every load: a restarted daemon serves its own page.
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      ...(type.startsWith('text/html') ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'Referrer-Policy': 'no-referrer' } : {}),
    });
    res.end(body);
  }
}

function safeListing(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => SAFE_NAME.test(n) && statSync(join(dir, n)).isFile());
  } catch {
    return [];
  }
}
