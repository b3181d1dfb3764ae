/**
 * The baseline of the callback bench: Express 5 that only parses the form and answers accept,
 * with nothing else (no helmet, no signature check, no Redis). `PORT` from the environment.
 */
import express from 'express';

const app = express();
app.post('/taskrouter/assignment', express.urlencoded({ extended: false }), (_req, res) => {
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
