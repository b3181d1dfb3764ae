/**
 * The peer of the callback bench: what a user writes by hand (issue 11, design.md §9). Express 5
 * with `express.urlencoded()`, the twilio library's `validateRequest` over the parsed form, and
 * an inline accept; nothing else (no helmet, no Redis). `PORT` and `PUBLIC_BASE_URL` from the
 * environment, signed with the bench's auth token.
 */
import express from 'express';
import { peerSignedParams } from './peer-signed-params.js';

const base = process.env.PUBLIC_BASE_URL ?? '';
const app = express();
app.post('/taskrouter/assignment', express.urlencoded({ extended: false }), (req, res) => {
  if (!peerSignedParams(req, base)) {
    res.status(403).send('forged');
    return;
  }
  res.status(200).type('application/json').send('{"instruction":"accept"}');
});
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
