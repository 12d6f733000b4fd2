using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;

namespace RecruitRegistry.Testing;

/// <summary>
/// Tokens signed with the service's own key whose claims do not read as a caller: a scoping claim missing, empty, of
/// the wrong type, an array, or another role's. Written by hand (header, payload, HMAC-SHA256) so that they do not
/// depend on the service's token code. Each must be refused like a token without a valid signature.
/// </summary>
public static class MalformedTokens
{
    /// <summary>One caller per malformed token, by a name that says what is wrong with it.</summary>
    public static IReadOnlyDictionary<string, CallOptions> Callers(string signingKey, Guid agencyId)
    {
        var agency = agencyId.ToString();
        var payloads = new Dictionary<string, JsonObject>
        {
            ["agency, no agency_id"] = Claims("agency"),
            ["agency, empty agency_id"] = Claims("agency", ("agency_id", "")),
            ["agency, agency_id not a UUID"] = Claims("agency", ("agency_id", "not-a-uuid")),
            ["agency, empty UUID"] = Claims("agency", ("agency_id", Guid.Empty.ToString())),
            ["agency, agency_id a number"] = Claims("agency", ("agency_id", 12345)),
            ["agency, agency_id an array"] = Claims("agency", ("agency_id", new JsonArray(agency, Guid.NewGuid().ToString()))),
            ["agency, agency_id an object"] = Claims("agency", ("agency_id", new JsonObject { ["id"] = agency })),
            ["agency with a country instead"] = Claims("agency", ("country", "NP")),
            ["agency with a country too"] = Claims("agency", ("agency_id", agency), ("country", "NP")),
            ["authority, no country"] = Claims("authority"),
            ["authority, empty country"] = Claims("authority", ("country", "")),
            ["authority, lower-case country"] = Claims("authority", ("country", "np")),
            ["authority, unassigned country"] = Claims("authority", ("country", "ZZ")),
            ["authority, country a number"] = Claims("authority", ("country", 977)),
            ["authority, country an array"] = Claims("authority", ("country", new JsonArray("NP", "QA"))),
            ["authority with an agency_id instead"] = Claims("authority", ("agency_id", agency)),
            ["authority with an agency_id too"] = Claims("authority", ("country", "NP"), ("agency_id", agency)),
            ["auditor, no country"] = Claims("auditor"),
            ["auditor, country an array"] = Claims("auditor", ("country", new JsonArray("NP"))),
            ["two roles"] = Claims(new JsonArray("authority", "agency"), ("country", "NP"), ("agency_id", agency)),
            ["unknown role"] = Claims("admin", ("country", "NP")),
            ["empty role"] = Claims("", ("country", "NP")),
            ["role a number"] = Claims(1, ("country", "NP")),
            ["no role"] = Claims(null, ("country", "NP")),
            ["no subject"] = Without(Claims("authority", ("country", "NP")), "sub"),
        };
        return payloads.ToDictionary(p => p.Key, p => new CallOptions(new Metadata { { "authorization", "Bearer " + Sign(p.Value, signingKey) } }));
    }

    private static JsonObject Claims(JsonNode? role, params (string Name, JsonNode? Value)[] claims)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["sub"] = "malformed",
            ["iss"] = "recruitregistry",
            ["aud"] = "recruitregistry",
            ["nbf"] = now - 60,
            ["iat"] = now,
            ["exp"] = now + 3600,
        };
        if (role is not null)
        {
            payload["role"] = role;
        }

        foreach (var (name, value) in claims)
        {
            payload[name] = value;
        }

        return payload;
    }

    private static JsonObject Without(JsonObject payload, string claim)
    {
        payload.Remove(claim);
        return payload;
    }

    private static string Sign(JsonObject payload, string signingKey)
    {
        var header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        var body = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = HMACSHA256.HashData(Convert.FromBase64String(signingKey), Encoding.ASCII.GetBytes(header + "." + body));
        return header + "." + body + "." + Base64Url.EncodeToString(signature);
    }
}
