namespace RecruitRegistry.Testing;

/// <summary>Where the tests run from: the repository's root and the configuration this test build was made in.</summary>
public static class Repository
{
    /// <summary>The directory holding RecruitRegistry.sln, above the test's build output.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>"Debug" or "Release": the configuration of this test build (bin/&lt;configuration&gt;/&lt;tfm&gt;/).</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RecruitRegistry.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No RecruitRegistry.sln above {AppContext.BaseDirectory}.");
    }
}
