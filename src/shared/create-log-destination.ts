import { pino, type DestinationStream } from 'pino';

/**
 * Where the service's JSON lines go: the lines logged in one turn of the event loop leave in one
 * write. pino's default destination writes each line with its own `write(2)`, and on a busy web
 * process that syscall (≈ 30 µs on a small VM) is a tenth of a callback's CPU; here a burst of
 * callbacks costs one. Nothing waits longer than the turn (`setImmediate`), a burst past `minLength`
 * bytes goes out at once, and what is left is written on exit. A process killed with SIGKILL loses
 * at most the current turn's lines.
 */
export function createLogDestination(fd = 1): DestinationStream {
  // sync: the write happens in `flush`, on this thread; minLength: below it, lines wait for flush.
  const boom = pino.destination({ dest: fd, sync: true, minLength: 8 * 1024 });
  let pending = false;
  const flush = () => {
    pending = false;
    boom.flush();
  };
  process.once('exit', flush);
  return {
    write(line: string) {
      boom.write(line);
      if (!pending) {
        pending = true;
        setImmediate(flush);
      }
    },
  };
}
