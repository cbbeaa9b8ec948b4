exports.up = function (knex) {
  return knex.schema.alterTable('users', (t) => {
    t.string('plan');
  });
};

exports.down = function (knex) {
  // no way back
};
