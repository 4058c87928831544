/**
 * A thread of redact's learning pass (started by learn-pool.ts): the files it is given, line by
 * line, into a vocabulary of its own, which it sends back at the end. What a line teaches
 * depends on that line alone, so the threads' vocabularies joined are the one a single reader
 * of every file would learn, whichever thread read which file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TextLearner } from './learn-text.js';
import type { FromLearnWorker, LearnWorkerData, ToLearnWorker } from './learn-worker-protocol.js';
import { Vocabulary } from './vocabulary.js';

const port = parentPort!;
const vocabulary = new Vocabulary((workerData as LearnWorkerData).names);
const files = new Map<number, TextLearner>();
const post = (message: FromLearnWorker): void => port.postMessage(message);

port.on('message', (message: ToLearnWorker) => {
  if (message.type === 'chunk') {
    let learner = files.get(message.file);
    if (!learner) files.set(message.file, (learner = new TextLearner(vocabulary)));
    learner.chunk(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
    post({ type: 'learned', bytes: message.bytes.byteLength });
  } else if (message.type === 'end') {
    files.delete(message.file);
  } else {
    post({ type: 'vocabulary', hosts: [...vocabulary.hosts], users: [...vocabulary.users], names: [...vocabulary.names] });
  }
});
