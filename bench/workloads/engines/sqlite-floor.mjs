// Reference row, not an engine: the least a step can cost when every step is durable on its own — one
// ~100-byte row inserted and committed per step, on a database opened by our store's own opener
// (openDatabase: node:sqlite, WAL, synchronous=NORMAL, its page size). No scheduling, no state. In WAL
// mode a commit appends whole page frames (page size + 24 bytes), so this is also the floor on bytes
// written per step for one commit per step.
import { openDatabase } from '../../../dist/index.js';
import { stepKey } from '../lib.mjs';

export async function open({ dbPath, work }) {
  const db = openDatabase(dbPath);
  db.exec(
    'CREATE TABLE events (run TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT, PRIMARY KEY (run, seq)) WITHOUT ROWID',
  );
  const begin = db.prepare('BEGIN IMMEDIATE');
  const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?)');
  const commit = db.prepare('COMMIT');
  const append = (run, seq, data) => {
    begin.run();
    insert.run(run, seq, data);
    commit.run();
  };
  const payload = (type, key) =>
    JSON.stringify({ type, key, attempt: 1, at: Date.now(), output: null }).padEnd(100);
  return {
    synchronous: 'NORMAL',
    chain: async (n, id) => {
      let seq = 0;
      for (let i = 0; i < n; i++) {
        await work(stepKey(i));
        append(id, ++seq, payload('step-succeeded', stepKey(i)));
      }
    },
    close: async () => db.close(),
  };
}
