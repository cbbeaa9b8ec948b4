class IndexPlan < ActiveRecord::Migration[7.1]
  def change
    add_index :users, :plan, algorithm: :concurrently
  end
end
