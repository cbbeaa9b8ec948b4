class Purge < ActiveRecord::Migration[7.1]
  def up
    execute "DELETE FROM sessions"
  end

  def down
    raise ActiveRecord::IrreversibleMigration
  end
end
