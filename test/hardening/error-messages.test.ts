import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import { withQuietConsoleError } from '../helpers.ts';
import { errorHandler } from '../../server/middleware/error-handler.ts';

describe('error messages say what actually failed', () => {
  it('an unexpected error on a read says nothing was changed; on a write, that the change was not saved', async () => {
    const app = express();
    const fail = () => { throw new Error('boom'); };
    app.get('/search', fail);
    app.post('/pairs/1/ops', fail);
    app.use(errorHandler);
    await withQuietConsoleError(async () => {
      const read = await request(app).get('/search').set('Accept', 'application/json').expect(500);
      assert.match(read.body.error.message, /while reading \/search; nothing was changed/);
      assert.doesNotMatch(read.body.error.message, /not saved/);
      const write = await request(app).post('/pairs/1/ops').set('Accept', 'application/json').expect(500);
      assert.match(write.body.error.message, /The change was not saved/);
      assert.doesNotMatch(JSON.stringify(write.body), /boom/, 'no internal detail leaks');
    });
  });
});
