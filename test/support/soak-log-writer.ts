/**
 * Child process for test/log-disk-full.test.ts (found by the soak's disk-full
 * fault): a logger on a log file, as `qkdd run --log FILE` opens it, driven
 * over stdin so that the test can set and lift the process's file-size limit
 * between lines. argv: the log file. stdin: "log N" logs line N and answers
 * "ok N" a moment later (the asynchronous write has been tried by then);
 * "exit" flushes and exits 0. Anything uncaught ends it with code 1.
 */
import { createInterface } from 'node:readline';
import { createLogger, openLogOutput } from '../../src/log.ts';

const output = openLogOutput({ file: process.argv[2], format: 'json' });
const log = createLogger({ name: 'disk-full', level: 'info', destination: output.destination });
process.stdout.write('ready\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, n] = line.split(' ');
  if (command === 'log') {
    log.info({ n: Number(n) }, 'soak log line');
    setTimeout(() => process.stdout.write(`ok ${n}\n`), 300);
  } else if (command === 'exit') {
    output.flushSync();
    process.exit(0);
  }
});
