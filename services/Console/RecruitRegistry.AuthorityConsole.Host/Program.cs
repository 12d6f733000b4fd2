using RecruitRegistry.AuthorityConsole;

// The authority console alone in its process (distributed mode): pages under /console over the three services' gRPC
// APIs, signed in at the OpenID Connect issuer (Auth:Authority), or in Development with the development sign-in.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHealthChecks();
builder.AddAuthorityConsole();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapHealthChecks("/healthz");
app.MapGet("/", () => Results.Redirect(ConsoleModule.Path));
app.MapAuthorityConsole();
app.Run();
