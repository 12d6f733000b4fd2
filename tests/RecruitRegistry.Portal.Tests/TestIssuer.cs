using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Testing;

namespace RecruitRegistry.Portal.Tests;

/// <summary>
/// An OpenID Connect issuer of the smallest kind, for the console's sign-in: discovery, its RSA key, the authorization
/// code flow with PKCE (S256) and a client secret. Its sign-in page signs in whoever the test names as the next officer
/// with one button, and it issues an ID token for the console and an access token for the services (audience
/// "recruitregistry"). It listens on "localhost", so to a browser it is another site than the console on 127.0.0.1.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    public const string ClientId = "recruit-console";

    private readonly WebApplication app;
    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = "test-issuer-1" };
    private readonly ConcurrentDictionary<string, Grant> grants = new();

    private TestIssuer(WebApplication app, Uri address, string clientSecret)
    {
        this.app = app;
        Address = address;
        ClientSecret = clientSecret;
    }

    /// <summary>The issuer's address, also the "iss" of its tokens (no trailing slash).</summary>
    public Uri Address { get; }

    public string ClientSecret { get; }

    /// <summary>Who the next authorization request signs in: role, country and name.</summary>
    public (string Role, string Country, string Name) Officer { get; set; } = (Roles.Authority, "NP", "Officer");

    /// <summary>How many codes were exchanged for tokens.</summary>
    public int TokensIssued => tokensIssued;

    private int tokensIssued;

    public static async Task<TestIssuer> StartAsync()
    {
        var port = LoopbackPort.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var issuer = new TestIssuer(app, new Uri($"http://localhost:{port}"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        app.MapGet("/.well-known/openid-configuration", issuer.Discovery);
        app.MapGet("/jwks", issuer.Keys);
        app.MapGet("/authorize", issuer.Authorize);
        app.MapPost("/authorize", issuer.SignedInAsync);
        app.MapPost("/token", issuer.TokenAsync);
        await app.StartAsync();
        return issuer;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private string Issuer => Address.ToString().TrimEnd('/');

    private IResult Discovery() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = $"{Issuer}/authorize",
        ["token_endpoint"] = $"{Issuer}/token",
        ["jwks_uri"] = $"{Issuer}/jwks",
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "query" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
    });

    private IResult Keys()
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(includePrivateParameters: false)) { KeyId = key.KeyId });
        return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
    }

    /// <summary>
    /// Checks the request as an issuer must and shows its sign-in page: one button, signing in the officer the test named.
    /// The browser then leaves the issuer's site from the issuer's own page, as after a real sign-in.
    /// </summary>
    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256"
            || string.IsNullOrEmpty(query["code_challenge"]) || string.IsNullOrEmpty(query["redirect_uri"]) || string.IsNullOrEmpty(query["nonce"]))
        {
            return Results.BadRequest("invalid_request");
        }

        var pending = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        grants[pending] = new Grant(query["redirect_uri"]!, query["code_challenge"]!, query["nonce"]!, query["state"].ToString(), Officer);
        var html = $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test issuer</title></head><body><main>
            <form method="post" action="/authorize"><input type="hidden" name="pending" value="{pending}">
            <button type="submit">Sign in as {WebUtility.HtmlEncode(Officer.Name)}</button></form></main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>The officer signed in: back to the client with a one-time code.</summary>
    private async Task<IResult> SignedInAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (!grants.TryRemove(form["pending"].ToString(), out var grant))
        {
            return Results.BadRequest("invalid_request");
        }

        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        grants[code] = grant;
        return Results.Redirect($"{grant.RedirectUri}?code={code}&state={Uri.EscapeDataString(grant.State)}&iss={Uri.EscapeDataString(Issuer)}");
    }

    /// <summary>The code, once, for tokens: only to the client with its secret, the same redirect and the PKCE verifier.</summary>
    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (clientId, secret) = ClientOf(request, form);
        if (clientId != ClientId || secret != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }

        if (form["grant_type"] != "authorization_code" || !grants.TryRemove(form["code"].ToString(), out var grant) || form["redirect_uri"] != grant.RedirectUri
            || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.CodeChallenge)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }

        Interlocked.Increment(ref tokensIssued);
        var officer = grant.Officer;
        var claims = new Dictionary<string, object>
        {
            [Claims.Subject] = officer.Name,
            [Claims.Role] = officer.Role,
            [Claims.Country] = officer.Country,
        };
        var idClaims = new Dictionary<string, object>(claims) { ["nonce"] = grant.Nonce };
        return Results.Json(new
        {
            access_token = Sign("recruitregistry", claims),
            id_token = Sign(ClientId, idClaims),
            token_type = "Bearer",
            expires_in = 600,
        });
    }

    private static (string? ClientId, string? Secret) ClientOf(HttpRequest request, IFormCollection form)
    {
        if (request.Headers.Authorization.ToString() is { } header && header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        return (form["client_id"], form["client_secret"]);
    }

    private string Sign(string audience, IDictionary<string, object> claims) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = audience,
        Claims = claims,
        IssuedAt = DateTime.UtcNow,
        NotBefore = DateTime.UtcNow,
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
    });

    private sealed record Grant(string RedirectUri, string CodeChallenge, string Nonce, string State, (string Role, string Country, string Name) Officer);
}
