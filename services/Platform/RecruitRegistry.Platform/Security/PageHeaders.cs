using Microsoft.AspNetCore.Http;

namespace RecruitRegistry.Platform.Security;

/// <summary>What every server-rendered page sends (the worker portal, the authority console), beside its own policy.</summary>
public static class PageHeaders
{
    public static void Write(HttpResponse response, string contentSecurityPolicy)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        // A record shown on a shared computer or phone must not come back from the cache with the back button.
        headers.CacheControl = "no-cache, no-store"; // as antiforgery sets it on every page with a form
        headers.Pragma = "no-cache";
    }
}
