using Microsoft.Extensions.Options;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Standalone;

/// <summary>"recruitregistry token": prints a development bearer token signed with the local key.</summary>
internal static class TokenCommand
{
    public const string Usage = """
        recruitregistry token --role <authority|auditor|agency|orientation_provider> [--country <ISO 3166-1 alpha-2>] [--agency-id <uuid>]
                              [--subject <name>] [--data-dir <dir>]

          Prints a bearer token signed with the data directory's development key (created on first use).
          authority, auditor and orientation_provider need --country; agency needs --agency-id. Use it as
            grpcurl -H "authorization: Bearer $TOKEN" ...
        """;

    /// <summary>
    /// How to run this command against the data directory from a shell: this very program, built (no `dotnet run`, which
    /// builds first and takes seconds per token), with the data directory whose key signs the token.
    /// </summary>
    public static string Invocation(string arguments, string dataDirectory)
    {
        var program = Environment.ProcessPath ?? "recruitregistry";
        var self = Path.GetFileNameWithoutExtension(program) == "dotnet" ? $"dotnet {typeof(TokenCommand).Assembly.Location}" : program;
        return $"{self} token {arguments} --data-dir {dataDirectory}";
    }

    public static int Run(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var role = configuration["role"];
        var country = configuration["country"];
        var agency = configuration["agency-id"];
        var problems = new List<string>();
        if (role is null || !Roles.All.Contains(role))
        {
            problems.Add("--role must be authority, auditor, agency or orientation_provider");
        }

        if (role is Roles.Authority or Roles.Auditor or Roles.OrientationProvider && (country is null || !IsoCodes.IsCountry(country)))
        {
            problems.Add("--country must be an ISO 3166-1 alpha-2 code in upper case (e.g. NP)");
        }

        Guid? agencyId = null;
        if (role == Roles.Agency)
        {
            if (Guid.TryParse(agency, out var id))
            {
                agencyId = id;
            }
            else
            {
                problems.Add("--agency-id must be the agency's UUID");
            }
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                error.WriteLine(problem);
            }

            error.WriteLine();
            error.WriteLine(Usage);
            return 2;
        }

        var options = new AuthOptions();
        configuration.GetSection(AuthOptions.Section).Bind(options);
        var validation = new AuthOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            error.WriteLine(validation.FailureMessage);
            return 2;
        }

        output.WriteLine(TokenFactory.Create(options, role!, role == Roles.Agency ? null : country, agencyId, configuration["subject"]));
        return 0;
    }
}
