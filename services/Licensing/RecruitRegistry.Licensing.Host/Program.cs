using RecruitRegistry.Licensing;
using RecruitRegistry.Platform.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform(bus => bus.AddLicensingConsumers());
builder.AddLicensing();

var app = builder.Build();
app.MapPlatform();
app.MapLicensing();
app.Run();
