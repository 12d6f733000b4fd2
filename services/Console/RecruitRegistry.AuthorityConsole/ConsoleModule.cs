using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using Grpc.Net.Client;
using RecruitRegistry.Platform.Security;

namespace RecruitRegistry.AuthorityConsole;

/// <summary>
/// The authority and auditor console as a host adds it (<see cref="AddAuthorityConsole"/>, <see cref="MapAuthorityConsole"/>):
/// Razor Pages under /console, its sign-in (OpenID Connect, or in Development a sign-in that picks a role and country),
/// its languages, and the gRPC clients of the three services, which carry the signed-in officer's token.
/// </summary>
public static class ConsoleModule
{
    public const string Path = "/console";

    /// <summary>The console's languages; the first is the default. Arabic proves the right-to-left layout.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "ar"];

    public const string LanguageCookie = "recruit.console.lang";

    /// <summary>The sign-in cookie's scheme, and the policy every console page requires.</summary>
    public const string Scheme = "console";

    private const string OpenIdScheme = "console-oidc";

    // Charts are SVG images in data: URIs (drawn on the server); no script runs.
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Whether this host offers the development sign-in: in Development, and only where no issuer is configured.</summary>
    public static bool DevelopmentSignIn(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment() && string.IsNullOrEmpty(configuration[$"{AuthOptions.Section}:{nameof(AuthOptions.Authority)}"]);

    public static IHostApplicationBuilder AddAuthorityConsole(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        services.AddHttpContextAccessor();
        services.AddSingleton(new ConsoleSignIn(DevelopmentSignIn(builder.Environment, builder.Configuration)));
        // The console's own channels, not the client factory's typed clients: beside the portal (standalone), those would
        // replace the portal's clients of the same types, which send each worker's address instead of an officer's token.
        services.AddSingleton<ConsoleChannels>();
        services.AddScoped<Services>();

        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddScoped<Text>();

        var dataProtection = services.AddDataProtection().SetApplicationName("recruitregistry-console");
        if (builder.Configuration[$"{ConsoleOptions.Section}:{nameof(ConsoleOptions.KeysDirectory)}"] is { Length: > 0 } keys)
        {
            // The keys protect the sign-in cookie: only their owner may read them.
            dataProtection.PersistKeysToFileSystem(OperatingSystem.IsWindows()
                ? Directory.CreateDirectory(keys)
                : Directory.CreateDirectory(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        }

        var signIn = services.AddAuthentication().AddCookie(Scheme, o =>
        {
            // Hardened: never read by script, never sent with another site's forms or sub-requests, only over HTTPS
            // (browsers treat loopback as secure), for the console's paths alone, and short-lived unless used. Lax, not
            // Strict: the issuer's sign-in page sends the officer back, and a Strict cookie set then is not sent on the
            // way on (ConsoleOpenIdConnectTests); every write is a POST with an antiforgery token besides.
            o.Cookie.Name = "recruit.console";
            o.Cookie.Path = Path;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.LoginPath = Path + "/sign-in";
            o.LogoutPath = Path + "/sign-out";
            o.AccessDeniedPath = Path + "/sign-in";
            o.SlidingExpiration = true;
        });
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IOptions<ConsoleOptions>>((cookie, console) =>
            cookie.ExpireTimeSpan = console.Value.SignInLifetime);
        if (builder.Configuration[$"{AuthOptions.Section}:{nameof(AuthOptions.Authority)}"] is { Length: > 0 } authority)
        {
            signIn.AddOpenIdConnect(OpenIdScheme, o =>
            {
                var console = builder.Configuration.GetSection(ConsoleOptions.Section);
                o.Authority = authority;
                o.RequireHttpsMetadata = builder.Configuration.GetValue($"{AuthOptions.Section}:{nameof(AuthOptions.RequireHttpsMetadata)}", true);
                o.ResponseMode = "query"; // the code comes back in a plain redirect: no self-posting form, which needs script
                o.ClientId = console[nameof(ConsoleOptions.ClientId)];
                o.ClientSecret = console[nameof(ConsoleOptions.ClientSecret)];
                o.ResponseType = "code";
                o.UsePkce = true;
                o.SaveTokens = true; // the access token is what the services are called with
                o.MapInboundClaims = false;
                o.SignInScheme = Scheme;
                o.CallbackPath = Path + "/signin-oidc";
                o.SignedOutCallbackPath = Path + "/signout-callback-oidc";
                o.TokenValidationParameters.NameClaimType = Claims.Subject;
                o.TokenValidationParameters.RoleClaimType = Claims.Role;
            });
            services.PostConfigure<CookieAuthenticationOptions>(Scheme, o => o.ForwardChallenge = OpenIdScheme);
        }

        services.AddAuthorizationBuilder().AddPolicy(Scheme, p => p
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(Claims.Role, Roles.Authority, Roles.Auditor)
            .RequireClaim(Claims.Country));

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "recruit.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "af";
        });
        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder(Path, Scheme);
                o.Conventions.AllowAnonymousToPage(Path + "/SignIn");
                o.Conventions.AllowAnonymousToPage(Path + "/Language");
                o.Conventions.AllowAnonymousToPage(Path + "/SignOut");
            })
            .AddApplicationPart(typeof(ConsoleModule).Assembly); // TempData (what a write did, over its redirect): the host's cookie
        return builder;
    }

    public static WebApplication MapAuthorityConsole(this WebApplication app)
    {
        var cultures = Languages.Select(l => new CultureInfo(l)).ToList();
        app.UseWhen(IsConsole, console =>
        {
            console.UseRequestLocalization(new RequestLocalizationOptions
            {
                DefaultRequestCulture = new RequestCulture(Languages[0]),
                SupportedCultures = cultures,
                SupportedUICultures = cultures,
                RequestCultureProviders =
                [
                    new CookieRequestCultureProvider { CookieName = LanguageCookie },
                    new AcceptLanguageHeaderRequestCultureProvider(),
                ],
            });
            console.Use((context, next) =>
            {
                PageHeaders.Write(context.Response, ContentSecurityPolicy);
                return next(context);
            });
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(ConsoleModule).Assembly, "RecruitRegistry.AuthorityConsole.Static"),
            RequestPath = Path + "/static",
            OnPrepareResponse = f => f.Context.Response.Headers.CacheControl = "public, max-age=86400",
        });
        app.MapRazorPages();
        return app;
    }

    /// <summary>A request for the console's pages (the portal and the services answer everything else).</summary>
    public static bool IsConsole(HttpContext context) => context.Request.Path.StartsWithSegments(Path);

}

/// <summary>Whether the development sign-in is offered (and the banner shown on every page).</summary>
public sealed record ConsoleSignIn(bool Development);

/// <summary>One HTTP/2 channel to each service, shared by every page; each call carries the officer of the request it serves.</summary>
public sealed class ConsoleChannels(IOptions<ConsoleOptions> options, IHttpContextAccessor accessor, ConsoleSignIn signIn, IOptions<AuthOptions> auth) : IDisposable
{
    public GrpcChannel Licensing { get; } = Open(options.Value.Licensing!, accessor, signIn, auth);

    public GrpcChannel WorkerContracts { get; } = Open(options.Value.WorkerContracts!, accessor, signIn, auth);

    public GrpcChannel FeeAudits { get; } = Open(options.Value.FeeAudits!, accessor, signIn, auth);

    public void Dispose()
    {
        Licensing.Dispose();
        WorkerContracts.Dispose();
        FeeAudits.Dispose();
    }

    private static GrpcChannel Open(Uri address, IHttpContextAccessor accessor, ConsoleSignIn signIn, IOptions<AuthOptions> auth) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new OfficerToken(accessor, signIn, auth) { InnerHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } },
        });
}

/// <summary>
/// The signed-in officer's bearer token on every call the console makes: the issuer's access token (OpenID Connect),
/// or in Development one minted for the role and country picked at sign-in, with the development key.
/// </summary>
internal sealed class OfficerToken(IHttpContextAccessor accessor, ConsoleSignIn signIn, IOptions<AuthOptions> auth) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext is { } context && context.User.Identity?.IsAuthenticated == true)
        {
            var token = signIn.Development ? Mint(context.User) : await context.GetTokenAsync(ConsoleModule.Scheme, "access_token");
            if (token is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private string Mint(ClaimsPrincipal user) => TokenFactory.Create(
        auth.Value, user.FindFirstValue(Claims.Role)!, user.FindFirstValue(Claims.Country), null, user.FindFirstValue(Claims.Subject), TimeSpan.FromMinutes(5));
}
