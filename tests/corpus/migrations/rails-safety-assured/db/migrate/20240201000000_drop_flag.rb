class DropFlag < ActiveRecord::Migration[7.1]
  def change
    safety_assured { remove_column :users, :flag, :boolean }
  end
end
