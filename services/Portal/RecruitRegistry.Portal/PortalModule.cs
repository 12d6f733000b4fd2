using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.RateLimiting;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.Platform.Security;

namespace RecruitRegistry.Portal;

/// <summary>
/// The worker portal as a host adds it (<see cref="AddPortal"/>, <see cref="MapPortal"/>): Razor Pages, its languages,
/// its cookies' keys, the gRPC clients of the three services and the headers every page carries. The portal host runs
/// it alone; the standalone host beside the services, on the HTTP port.
/// </summary>
public static class PortalModule
{
    /// <summary>The portal's languages, as BCP 47 tags; the first is the default.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "ne", "bn", "hi", "ur", "fil", "id", "vi", "si", "ar"];

    /// <summary>The cookie that remembers the worker's language.</summary>
    public const string LanguageCookie = "recruit.lang";

    // Inline SVG (the QR code) needs no img-src; no script runs: the pages need none.
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IHostApplicationBuilder AddPortal(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddTransient<ForwardClientAddress>();
        services.AddGrpcClient<Licensing.LicensingClient>((sp, o) => o.Address = Options(sp).Licensing)
            .AddHttpMessageHandler<ForwardClientAddress>();
        services.AddGrpcClient<WorkerContracts.WorkerContractsClient>((sp, o) => o.Address = Options(sp).WorkerContracts)
            .AddHttpMessageHandler<ForwardClientAddress>();
        services.AddGrpcClient<FeeAudits.FeeAuditsClient>((sp, o) => o.Address = Options(sp).FeeAudits)
            .AddHttpMessageHandler<ForwardClientAddress>();

        // Every script as itself, not as "&#x928;": a Nepali page would otherwise weigh three times what it says.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddScoped<Words>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Languages.Select(l => new CultureInfo(l)).ToList();
            o.DefaultRequestCulture = new RequestCulture(Languages[0]);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = LanguageCookie },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });

        var dataProtection = services.AddDataProtection().SetApplicationName("recruitregistry-portal");
        if (builder.Configuration[$"{PortalOptions.Section}:{nameof(PortalOptions.KeysDirectory)}"] is { Length: > 0 } keys)
        {
            dataProtection.PersistKeysToFileSystem(OwnerOnlyDirectory(keys));
        }

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "recruit.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "af";
        });
        // The per-client limit acts before a page and its language: a refused worker gets a page saying so in every language.
        services.PostConfigure<RateLimiterOptions>(o =>
        {
            var others = o.OnRejected;
            o.OnRejected = (refused, ct) => IsPage(refused.HttpContext) ? TooManyAsync(refused, ct) : others?.Invoke(refused, ct) ?? ValueTask.CompletedTask;
        });
        services.AddRazorPages()
            .AddApplicationPart(typeof(PortalModule).Assembly)
            .AddCookieTempDataProvider(o =>
            {
                o.Cookie.Name = "recruit.next";
                o.Cookie.SameSite = SameSiteMode.Strict;
            });
        return builder;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.UseWhen(IsPage, page =>
        {
            page.UseRequestLocalization();
            page.Use((context, next) =>
            {
                PageHeaders.Write(context.Response, ContentSecurityPolicy);
                return next(context);
            });
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(PortalModule).Assembly, "RecruitRegistry.Portal.Static"),
            RequestPath = "/static",
            OnPrepareResponse = f => f.Context.Response.Headers.CacheControl = "public, max-age=86400",
        });
        app.MapRazorPages();
        return app;
    }

    private static async ValueTask TooManyAsync(OnRejectedContext refused, CancellationToken ct)
    {
        var response = refused.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.ContentType = "text/html; charset=utf-8";
        if (refused.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var words = refused.HttpContext.RequestServices.GetRequiredService<Words>();
        var html = refused.HttpContext.RequestServices.GetRequiredService<HtmlEncoder>(); // every script as itself, as on the pages
        var said = string.Concat(Languages.Select(l =>
            $"<p lang=\"{l}\" dir=\"{Words.Direction(l)}\">{html.Encode(words.In(l, "Problem.TooMany"))}</p>"));
        await response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + $"<title>{html.Encode(words.In("en", "Site.Name"))}</title><link rel=\"stylesheet\" href=\"/static/portal.css\"></head>"
            + $"<body><main id=\"main\"><div class=\"problem\" role=\"alert\">{said}</div></main></body></html>",
            ct);
    }

    /// <summary>
    /// A request for a page: not a gRPC call, not the JSON API and not the authority console (the standalone host serves
    /// them beside it, each with its own headers and languages).
    /// </summary>
    private static bool IsPage(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/v1") && !context.Request.Path.StartsWithSegments("/static")
        && !context.Request.Path.StartsWithSegments("/console")
        && context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true;

    private static PortalOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<PortalOptions>>().Value;

    /// <summary>The keys protect the cookies: only their owner may read them.</summary>
    private static DirectoryInfo OwnerOnlyDirectory(string path)
    {
        var directory = OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }
}

/// <summary>
/// Tells the services whose request this is: the worker's address as the portal saw it, so their per-client limits
/// count each worker and not the portal. The services believe it only from proxies they are configured to trust.
/// </summary>
internal sealed class ForwardClientAddress(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext?.Connection.RemoteIpAddress is { } address)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", address.ToString());
        }

        return base.SendAsync(request, cancellationToken);
    }
}
