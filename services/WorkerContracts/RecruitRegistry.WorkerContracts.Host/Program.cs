using RecruitRegistry.WorkerContracts;
using RecruitRegistry.Platform.Hosting;

ServiceModule[] modules = [WorkerContractsService.Module];
var builder = WebApplication.CreateBuilder(args);
builder.AddServices(modules);

var app = builder.Build();
app.MapServices(modules);
app.Run();
