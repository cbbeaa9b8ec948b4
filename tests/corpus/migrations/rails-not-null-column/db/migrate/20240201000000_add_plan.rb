class AddPlan < ActiveRecord::Migration[7.1]
  def change
    add_column :users, :plan, :string, null: false
  end
end
