class Backfill < ActiveRecord::Migration[7.1]
  def up
    execute "UPDATE users SET plan = 'free'"
  end
end
