import { Router } from 'express';
import type { Db } from '../../db/open.ts';
import { pairVersion } from '../../db/pairs.ts';
import { AppError, notFound } from '../errors.ts';
import { idParam } from '../http.ts';
import { currentUser, requireRole } from '../middleware/auth.ts';
import { reviewEvents } from '../services/review-events.ts';

/** `/pairs/:id/events`: the review screen's live stream (Server-Sent Events). */
export function reviewEventsRouter(db: Db): Router {
  const router = Router();
  let connections = 0;
  // pair → senders of "who has it open", so every open screen hears when someone comes or goes
  const presenceListeners = new Map<number, Set<() => void>>();

  // Server-Sent Events: every committed operation on the pair (by anyone) and who has it open.
  router.get('/pairs/:id/events', requireRole('reader'), (req, res) => {
    const pairId = idParam(req.params['id']);
    const version = pairVersion(db, pairId); // 0: no such pair
    if (version === 0) throw notFound(`Pair ${pairId}`);
    const hub = reviewEvents(db);
    const user = currentUser(res)?.name ?? 'local';
    // a client that does not ask for a stream (not EventSource) gets who is there and the version, once
    if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
      return void res.json({ id: pairId, version, present: hub.present(pairId) });
    }
    const send = (event: string, data: unknown) => { res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`); };
    const unsubscribe = hub.subscribe(pairId, (ev) => send('op', ev));
    if (!unsubscribe) throw new AppError(503, 'busy', 'Too many open review screens; live updates are off. Reload later.');
    const connId = `${user}:${++connections}`;
    res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    hub.join(pairId, user, connId);
    const notify = presenceListeners.get(pairId) ?? new Set<() => void>();
    presenceListeners.set(pairId, notify);
    const sendPresence = () => send('presence', { users: hub.present(pairId), you: user });
    notify.add(sendPresence);
    for (const f of notify) f();
    // a comment line now and then keeps proxies from closing an idle stream
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(ping);
      unsubscribe();
      hub.leave(pairId, connId);
      notify.delete(sendPresence);
      if (notify.size === 0) presenceListeners.delete(pairId);
      for (const f of notify) f();
    });
  });

  return router;
}
