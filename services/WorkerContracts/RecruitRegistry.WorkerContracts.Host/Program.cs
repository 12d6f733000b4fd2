using RecruitRegistry.WorkerContracts;
using RecruitRegistry.Platform.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform(bus => bus.AddWorkerContractsConsumers());
builder.AddWorkerContracts();

var app = builder.Build();
app.MapPlatform();
app.MapWorkerContracts();
app.Run();
