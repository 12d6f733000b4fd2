using System.Security.Claims;
using Grpc.Core;

namespace RecruitRegistry.Platform.Security;

/// <summary>
/// The kinds of caller DESIGN.md names, and the orientation providers an origin authority accredits (their tokens name
/// that authority's country); workers have no account and call anonymously.
/// </summary>
public enum CallerRole { Anonymous, Authority, Auditor, Agency, OrientationProvider }

/// <summary>Who is calling, as the token says: an authority or auditor of a country, or an agency.</summary>
public sealed record Caller(CallerRole Role, string Subject, string? Country, Guid? AgencyId)
{
    public static readonly Caller Anonymous = new(CallerRole.Anonymous, "anonymous", null, null);

    /// <summary>The actor recorded in decision history.</summary>
    public string Actor => Subject;

    public bool IsAuthorityOf(string country) => Role == CallerRole.Authority && Country == country;

    public bool IsAuditorOf(string country) => Role == CallerRole.Auditor && Country == country;

    public bool IsAgency(Guid agencyId) => Role == CallerRole.Agency && AgencyId == agencyId;

    public bool IsOrientationProviderOf(string country) => Role == CallerRole.OrientationProvider && Country == country;

    /// <summary>
    /// The caller a validated token names. The token was refused at authentication already when its claims do not
    /// read (<see cref="CallerClaims"/>); reading them again here keeps a scope that cannot be read from ever
    /// widening a query, whatever path a principal took.
    /// </summary>
    public static Caller From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }

        return CallerClaims.Read(principal, out var problem) ?? throw new Errors.Unauthenticated(problem!);
    }
}

/// <summary>Claim names of RecruitRegistry tokens (DESIGN.md, Security).</summary>
public static class Claims
{
    public const string Role = "role";
    public const string Country = "country";
    public const string AgencyId = "agency_id";
    public const string Subject = "sub";
}

/// <summary>Values of the role claim.</summary>
public static class Roles
{
    public const string Authority = "authority";
    public const string Auditor = "auditor";
    public const string Agency = "agency";

    /// <summary>A pre-departure orientation provider accredited by the authority of the token's country.</summary>
    public const string OrientationProvider = "orientation_provider";

    public static readonly IReadOnlyList<string> All = [Authority, Auditor, Agency, OrientationProvider];
}

/// <summary>Authorization policy names for [Authorize(Policy = …)] on RPCs.</summary>
public static class Policies
{
    /// <summary>Any valid token with a known role.</summary>
    public const string Authenticated = "authenticated";
    public const string Authority = "authority";
    public const string Auditor = "auditor";
    public const string Agency = "agency";
    public const string AuthorityOrAuditor = "authority-or-auditor";
}

public static class CallerExtensions
{
    /// <summary>The caller of a gRPC call, from its validated token (anonymous when it has none).</summary>
    public static Caller Caller(this ServerCallContext context) =>
        Security.Caller.From(context.GetHttpContext().User);
}
