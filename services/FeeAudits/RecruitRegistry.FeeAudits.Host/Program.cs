using RecruitRegistry.FeeAudits;
using RecruitRegistry.Platform.Hosting;

ServiceModule[] modules = [FeeAuditsService.Module];
var builder = WebApplication.CreateBuilder(args);
builder.AddServices(modules);

var app = builder.Build();
app.MapServices(modules);
app.Run();
