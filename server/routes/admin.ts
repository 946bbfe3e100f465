import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/open.ts';
import { deletePairLogged } from '../../db/pairs.ts';
import {
  countUsers, deleteUser, DuplicateUserError, FirstUserMustBeAdminError, getUser, insertUser, LastAdminError,
  listUsers, setUserPassword, setUserRole,
} from '../../db/users.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { isRole, ROLES, userNameProblem } from '../auth/roles.ts';
import { AppError, notFound } from '../errors.ts';
import { handlerOn, answer, answerError, idParam, wantsJson, type Page, type Handler } from '../http.ts';
import { currentUser, requireRole } from '../middleware/auth.ts';

const field = (req: Request, name: string): string => {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};

/** Maps the data layer's refusals to HTTP errors with their own message. */
function userErrorToHttp(e: unknown): AppError {
  if (e instanceof DuplicateUserError) return new AppError(409, 'duplicate_user', e.message);
  if (e instanceof LastAdminError) return new AppError(409, 'last_admin', e.message);
  if (e instanceof FirstUserMustBeAdminError) return new AppError(422, 'first_user_admin', e.message);
  throw e;
}

type UserForm = { name: string; role: string };

function usersPage(db: Db, res: Response, extra: { error?: string | null; notice?: string | null; form?: UserForm } = {}): Page {
  return ['admin/users', () => ({
    title: 'Users', users: listUsers(db), roles: ROLES, me: currentUser(res), localMode: res.locals['localMode'] === true,
    error: extra.error ?? null, notice: extra.notice ?? null, form: extra.form ?? { name: '', role: countUsers(db) === 0 ? 'admin' : 'reviewer' },
  })];
}

/** Answers a change: JSON for scripts, or back to the list with a notice. */
const done = (db: Db, req: Request, res: Response, json: object, notice: string) =>
  answer(req, res, { json: () => json, page: usersPage(db, res, { notice }) });

/** Answers a refused change: the error as JSON, or on the list page (with the form as typed). */
function failed(db: Db, req: Request, res: Response, e: unknown, form?: UserForm): void {
  const err = e instanceof AppError ? e : userErrorToHttp(e);
  answerError(req, res, err, usersPage(db, res, { error: err.message, ...(form ? { form } : {}) }));
}

function userOf(db: Db, req: Request) {
  const id = idParam(req.params['userId'], 'User');
  const user = getUser(db, id);
  if (!user) throw notFound(`User ${id}`);
  return user;
}

const showUsers: Handler<Db> = (db, req, res) => answer(req, res, { json: () => listUsers(db), page: usersPage(db, res) });

const addUser: Handler<Db> = async (db, req, res) => {
  const form = { name: field(req, 'name').trim(), role: field(req, 'role') };
  const password = field(req, 'password');
  try {
    const problem = userNameProblem(form.name) ?? (isRole(form.role) ? null : `The role is one of ${ROLES.join(', ')}.`) ?? passwordProblem(password);
    if (problem) throw new AppError(422, 'bad_user', problem);
    const first = countUsers(db) === 0;
    const id = insertUser(db, { name: form.name, role: form.role as (typeof ROLES)[number], password: await hashPassword(password) });
    answer(req, res, {
      status: 201, json: () => ({ id, name: form.name, role: form.role }),
      // The first account ends local mode: from now on everyone logs in, the local user too.
      ...(first ? { redirect: '/login?next=%2Fadmin%2Fusers' } : { page: usersPage(db, res, { notice: `Added ${form.name} (${form.role}).` }) }),
    });
  } catch (e) {
    failed(db, req, res, e, form);
  }
};

const setRole: Handler<Db> = (db, req, res) => {
  const user = userOf(db, req);
  const role = field(req, 'role');
  try {
    if (!isRole(role)) throw new AppError(422, 'bad_role', `The role is one of ${ROLES.join(', ')}.`);
    setUserRole(db, user.id, role);
    done(db, req, res, { id: user.id, name: user.name, role }, `${user.name} is now a ${role}.`);
  } catch (e) {
    failed(db, req, res, e);
  }
};

const resetPassword: Handler<Db> = async (db, req, res) => {
  const user = userOf(db, req);
  const password = field(req, 'password');
  try {
    const problem = passwordProblem(password);
    if (problem) throw new AppError(422, 'bad_password', problem);
    setUserPassword(db, user.id, await hashPassword(password));
    done(db, req, res, { id: user.id, name: user.name, passwordReset: true }, `New password set for ${user.name}; their sessions were ended.`);
  } catch (e) {
    failed(db, req, res, e);
  }
};

const removeUser: Handler<Db> = (db, req, res) => {
  const user = userOf(db, req);
  try {
    deleteUser(db, user.id);
    done(db, req, res, { id: user.id, name: user.name, removed: true }, `Removed ${user.name}.`);
  } catch (e) {
    failed(db, req, res, e);
  }
};

function removePair(db: Db, req: Request, res: Response): number {
  const id = idParam(req.params['id']);
  if (!deletePairLogged(db, id, currentUser(res)!.name)) throw notFound(`Pair ${id}`);
  return id;
}

const deletePairForm: Handler<Db> = (db, req, res) => {
  // the form's "yes, delete" box; a script asking in JSON has confirmed by asking
  if (field(req, 'confirm') !== 'yes' && !wantsJson(req)) {
    throw new AppError(422, 'not_confirmed', 'Tick "yes, delete" to delete the pair.');
  }
  const id = removePair(db, req, res);
  answer(req, res, { json: () => ({ id, deleted: true }), redirect: '/' });
};

/** User management (`/admin/users`) and deleting pairs: admin only. */
export function adminRouter(db: Db): Router {
  const router = Router();
  const admin = requireRole('admin');
  const on = handlerOn(db);
  router.get('/admin/users', admin, on(showUsers));
  router.post('/admin/users', admin, on(addUser));
  router.post('/admin/users/:userId/role', admin, on(setRole));
  router.post('/admin/users/:userId/password', admin, on(resetPassword));
  router.post('/admin/users/:userId/remove', admin, on(removeUser));
  router.delete('/api/pairs/:id', admin, (req, res) => {
    removePair(db, req, res);
    res.status(204).end();
  });
  router.post('/pairs/:id/delete', admin, on(deletePairForm));
  return router;
}
