using Microsoft.IdentityModel.Tokens;

namespace RecruitRegistry.Platform.Security;

/// <summary>The symmetric key that signs and validates development tokens.</summary>
public static class SigningKeys
{
    /// <summary>The configured key, or the development key file's (created with a fresh random key on first use).</summary>
    public static SymmetricSecurityKey Resolve(AuthOptions options)
    {
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            return new SymmetricSecurityKey(Convert.FromBase64String(options.SigningKey));
        }

        var file = options.DevelopmentKeyFile
            ?? throw new InvalidOperationException("Auth: no SigningKey and no DevelopmentKeyFile.");
        return new SymmetricSecurityKey(Convert.FromBase64String(KeyFiles.LoadOrCreate(file)));
    }
}
