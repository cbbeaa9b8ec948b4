/* eslint-disable camelcase */

exports.up = (pgm) => {
  pgm.createTable('orders', { id: 'id', total: { type: 'integer', notNull: true } });
};
