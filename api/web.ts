import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Middleware } from 'koa';

const webDir = fileURLToPath(new URL('../web/', import.meta.url));

/** The web app's pages and scripts by URL; nothing else under web/ is served. */
const files: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  '/docs': { file: 'docs.html', type: 'text/html; charset=utf-8' },
  '/docs.js': { file: 'docs.js', type: 'text/javascript; charset=utf-8' },
};

export function serveWeb(): Middleware {
  return async (ctx, next) => {
    const entry = ctx.method === 'GET' ? files[ctx.path] : undefined;
    if (!entry) return next();
    // The content security policy comes with the other security headers (middleware/security-headers.ts).
    ctx.type = entry.type;
    ctx.body = await readFile(path.join(webDir, entry.file));
  };
}
