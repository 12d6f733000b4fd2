using RecruitRegistry.Licensing;
using RecruitRegistry.Platform.Hosting;

ServiceModule[] modules = [LicensingService.Module];
var builder = WebApplication.CreateBuilder(args);
builder.AddServices(modules);

var app = builder.Build();
app.MapServices(modules);
app.Run();
