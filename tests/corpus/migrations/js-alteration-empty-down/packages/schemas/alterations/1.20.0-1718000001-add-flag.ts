import { sql } from '@silverhand/slonik';

import type { AlterationScript } from '../lib/types/alteration.js';

const alteration: AlterationScript = {
  up: async (pool) => {
    await pool.query(sql`
      alter table ${sql.identifier(['users'])} add column last_seen_at timestamptz;
    `);
  },
  down: async (pool) => {
    // not needed
  },
};

export default alteration;
