class WidenId < ActiveRecord::Migration[7.1]
  def up
    change_column :users, :id, :bigint
  end

  def down
    change_column :users, :id, :integer
  end
end
