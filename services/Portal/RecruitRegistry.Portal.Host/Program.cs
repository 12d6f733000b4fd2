using RecruitRegistry.Platform.Hosting;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Portal;

// The worker portal alone in its process (distributed mode): pages over the three services' gRPC APIs, with the
// platform's per-client limit (behind the proxies Platform:ForwardedHeaders names) and plain-HTTP health probes.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddValidatedSettings<PlatformOptions, PlatformOptionsValidator>(PlatformOptions.Section);
builder.Services.AddClientEdge();
builder.Services.AddHealthChecks();
builder.AddPortal();

var app = builder.Build();
app.UseForwardedClientAddress();
app.UseRateLimiter();
app.MapHealthChecks("/healthz").DisableRateLimiting();
app.MapPortal();
app.Run();
