import type express from 'express';

/** One route of the app: method and full path as registered. */
export interface RouteEntry {
  method: string;
  path: string;
  /** Roles named by the requireRole guards in front of the handler (route-level or router-level). */
  guards: string[];
}

interface LayerLike {
  name?: string;
  route?: { path: string | string[]; methods: Record<string, boolean>; stack: LayerLike[] };
  handle?: { stack?: LayerLike[] };
  rawPath?: string | string[];
}

const guardOf = (layer: LayerLike): string | null => /^requireRole\((\w+)\)$/.exec(layer.name ?? '')?.[1] ?? null;

/**
 * Every method + path registered on an Express 5 app, found by walking `app.router.stack` and the
 * stacks of mounted routers (their mount path is the layer's rawPath). Middleware layers without a
 * route (static files, parsers) are not routes and are skipped. A path registered twice appears twice.
 */
export function collectRoutes(app: express.Express): RouteEntry[] {
  const found: RouteEntry[] = [];
  const join = (prefix: string, path: string) => (`${prefix}/${path}`).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  const walk = (stack: LayerLike[], prefix: string, inherited: string[]) => {
    const routerGuards = [...inherited];
    for (const layer of stack) {
      const guard = guardOf(layer);
      if (!layer.route && guard) routerGuards.push(guard);
      if (layer.route) {
        const guards = [...routerGuards, ...layer.route.stack.map(guardOf).filter((g): g is string => g !== null)];
        const paths = ([] as string[]).concat(layer.route.path);
        for (const p of paths) {
          for (const [method, on] of Object.entries(layer.route.methods)) {
            if (on) found.push({ method: method === '_all' ? 'ALL' : method.toUpperCase(), path: join(prefix, p), guards });
          }
        }
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, join(prefix, mount), routerGuards);
      }
    }
  };
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack, '', []);
  return found;
}
