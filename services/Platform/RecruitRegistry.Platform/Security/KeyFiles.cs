using System.Security.Cryptography;

namespace RecruitRegistry.Platform.Security;

/// <summary>Development secrets kept in a file that only the owner may read, created with a fresh random key on first use.</summary>
public static class KeyFiles
{
    /// <summary>The base64 key in the file, or a new random 32-byte key written to it.</summary>
    public static string LoadOrCreate(string file)
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
