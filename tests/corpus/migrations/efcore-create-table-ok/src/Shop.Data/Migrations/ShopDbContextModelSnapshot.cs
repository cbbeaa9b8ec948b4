namespace Shop.Data.Migrations
{
    partial class ShopDbContextModelSnapshot : ModelSnapshot
    {
        protected override void BuildModel(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity("Shop.Order", b => { b.ToTable("Orders"); });
        }
    }
}
