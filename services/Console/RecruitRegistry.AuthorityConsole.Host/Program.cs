using RecruitRegistry.AuthorityConsole;

// The authority console alone in its process (distributed mode): pages under /console over the three services' gRPC
// APIs, signed in at the OpenID Connect issuer (Auth:Authority), or in Development with the development sign-in.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHealthChecks();
builder.AddAuthorityConsole();
// What a write did, carried over its redirect: the one TempData cookie of this host (the standalone host has the portal's).
builder.Services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o =>
{
    o.Cookie.Name = "recruit.console.next";
    o.Cookie.SameSite = SameSiteMode.Strict;
});

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapHealthChecks("/healthz");
app.MapGet("/", () => Results.Redirect(ConsoleModule.Path));
app.MapAuthorityConsole();
app.Run();
