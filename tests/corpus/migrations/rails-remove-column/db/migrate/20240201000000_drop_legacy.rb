class DropLegacy < ActiveRecord::Migration[7.1]
  def change
    remove_column :users, :legacy
  end
end
