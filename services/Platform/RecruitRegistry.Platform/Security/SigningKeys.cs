using System.Security.Cryptography;
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
        return new SymmetricSecurityKey(Convert.FromBase64String(LoadOrCreate(file)));
    }

    private static string LoadOrCreate(string file)
    {
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        try
        {
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // only the owner reads the key
            }

            using var stream = new FileStream(file, create);
            using var writer = new StreamWriter(stream);
            writer.Write(key);
            return key;
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another process created it first: use theirs.
            return File.ReadAllText(file).Trim();
        }
    }
}
