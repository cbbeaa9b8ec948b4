import { sql } from '@silverhand/slonik';

const alteration = {
  beforeUp: async (pool) => {
    await pool.query(sql`create index concurrently users__email on users (email);`);
  },
  up: async () => {
    /** concurrently cannot run inside the transaction: see beforeUp. */
  },
  beforeDown: async (pool) => {
    await pool.query(sql`drop index concurrently users__email;`);
  },
  down: async () => {
    /** see beforeDown. */
  },
};

export default alteration;
