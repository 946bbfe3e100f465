import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors.ts';

export type Role = 'reader' | 'reviewer' | 'admin';
const RANK: Record<Role, number> = { reader: 1, reviewer: 2, admin: 3 };

export interface CurrentUser { name: string; role: Role }

/** The user behind a request. Until accounts exist, a local single user with every right. */
export function currentUser(res: Response): CurrentUser | null {
  return (res.locals['user'] as CurrentUser | undefined) ?? null;
}

/** Puts the local user on every request (replaced by real sessions once accounts land). */
export function localUser(_req: Request, res: Response, next: NextFunction): void {
  res.locals['user'] = { name: 'local', role: 'admin' } satisfies CurrentUser;
  next();
}

/** Refuses the request unless the user has at least `role`: 401 without a user, 403 with too low a role. */
export function requireRole(role: Role) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const user = currentUser(res);
    if (!user) return next(new AppError(401, 'unauthenticated', 'Log in first.'));
    if (RANK[user.role] < RANK[role]) {
      return next(new AppError(403, 'forbidden', `This needs the ${role} role; you are a ${user.role}.`));
    }
    next();
  };
}
