using RecruitRegistry.FeeAudits;
using RecruitRegistry.Platform.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform(bus => bus.AddFeeAuditsConsumers());
builder.AddFeeAudits();

var app = builder.Build();
app.MapPlatform();
app.MapFeeAudits();
app.Run();
