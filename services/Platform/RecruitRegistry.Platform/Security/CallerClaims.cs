using System.Buffers.Text;
using System.Security.Claims;
using System.Text.Json;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Platform.Security;

/// <summary>
/// Reads the claims of a signed token strictly: one subject, exactly one known role, and exactly the scoping claim that
/// role needs, well formed — a <c>country</c> that is an ISO 3166-1 alpha-2 code for an authority, auditor or
/// orientation provider, an
/// <c>agency_id</c> that is a UUID for an agency — and not the other role's. A token whose claims do not read is
/// refused at authentication (UNAUTHENTICATED), so a scope that cannot be read never turns into no scope.
/// </summary>
public static class CallerClaims
{
    private const int MaxSubjectLength = 200;

    /// <summary>The caller, or null with the reason the token is refused.</summary>
    public static Caller? Read(ClaimsPrincipal principal, out string? problem)
    {
        problem = null;
        var subject = Single(principal, Claims.Subject);
        if (subject is null || subject.Length > MaxSubjectLength)
        {
            problem = "the token must carry one subject (sub) of at most 200 characters";
            return null;
        }

        var role = Single(principal, Claims.Role) switch
        {
            Roles.Authority => CallerRole.Authority,
            Roles.Auditor => CallerRole.Auditor,
            Roles.Agency => CallerRole.Agency,
            Roles.OrientationProvider => CallerRole.OrientationProvider,
            _ => (CallerRole?)null,
        };
        if (role is null)
        {
            problem = $"the token must carry exactly one role: {string.Join(", ", Roles.All)}";
            return null;
        }

        var hasCountry = principal.HasClaim(c => c.Type == Claims.Country);
        var hasAgency = principal.HasClaim(c => c.Type == Claims.AgencyId);
        if (role == CallerRole.Agency)
        {
            if (hasCountry || Single(principal, Claims.AgencyId) is not { } text
                || !Guid.TryParseExact(text, "D", out var agencyId) || agencyId == Guid.Empty)
            {
                problem = "an agency's token must carry one agency_id (a UUID) and no country";
                return null;
            }

            return new Caller(CallerRole.Agency, subject, null, agencyId);
        }

        if (hasAgency || Single(principal, Claims.Country) is not { } country || !IsoCodes.IsCountry(country))
        {
            problem = "an authority's, auditor's or orientation provider's token must carry one country (ISO 3166-1 alpha-2) and no agency_id";
            return null;
        }

        return new Caller(role.Value, subject, country, null);
    }

    /// <summary>
    /// Null when each caller claim the token's payload holds is a JSON string. Token handlers flatten an array into
    /// claims of the same type, and a one-element array would pass <see cref="Read"/> as that element.
    /// </summary>
    public static string? PayloadProblem(string encodedPayload)
    {
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(encodedPayload));
        foreach (var name in (string[])[Claims.Subject, Claims.Role, Claims.Country, Claims.AgencyId])
        {
            if (payload.RootElement.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.String)
            {
                return $"the token's {name} claim must be a string";
            }
        }

        return null;
    }

    /// <summary>The claim's value when the token carries it exactly once, as a non-empty string (not a number, array or object).</summary>
    private static string? Single(ClaimsPrincipal principal, string type)
    {
        Claim? found = null;
        foreach (var claim in principal.FindAll(type))
        {
            if (found is not null)
            {
                return null;
            }

            found = claim;
        }

        return found is { ValueType: ClaimValueTypes.String, Value.Length: > 0 } ? found.Value : null;
    }
}
