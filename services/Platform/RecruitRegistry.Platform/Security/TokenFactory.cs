using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RecruitRegistry.Platform.Security;

/// <summary>Mints development tokens with the local key (the "token" command); production tokens come from the OIDC issuer.</summary>
public static class TokenFactory
{
    public static string Create(AuthOptions options, string role, string? country, Guid? agencyId, string? subject = null, TimeSpan? lifetime = null)
    {
        if (!Roles.All.Contains(role))
        {
            throw new ArgumentException($"role must be one of {string.Join(", ", Roles.All)}", nameof(role));
        }

        var claims = new List<Claim>
        {
            new(Claims.Role, role),
            new(Claims.Subject, subject ?? $"{role}:{country ?? agencyId?.ToString()}"),
        };
        if (country is not null)
        {
            claims.Add(new Claim(Claims.Country, country));
        }

        if (agencyId is { } id)
        {
            claims.Add(new Claim(Claims.AgencyId, id.ToString()));
        }

        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now,
            Expires = now + (lifetime ?? options.DevelopmentTokenLifetime),
            SigningCredentials = new SigningCredentials(SigningKeys.Resolve(options), SecurityAlgorithms.HmacSha256),
        });
    }
}
