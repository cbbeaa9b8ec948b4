using Microsoft.EntityFrameworkCore.Migrations;
namespace Shop.Data.Migrations
{
    [Migration("20240301120000_AddOrders")]
    partial class AddOrders
    {
        protected override void BuildTargetModel(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity("Shop.Order", b => { b.ToTable("Orders"); });
        }
    }
}
