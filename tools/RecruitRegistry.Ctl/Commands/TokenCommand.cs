using System.CommandLine;
using RecruitRegistry.Ctl.Cli;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Ctl.Commands;

/// <summary>token: a development bearer token, signed with the development key the services were started with.</summary>
public static class TokenCommand
{
    public const string KeyVariable = "RECRUIT_SIGNING_KEY";

    public static Command Create(GlobalOptions globals)
    {
        var role = new Option<string>("--role") { Description = "The caller's role.", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var country = new Option<string?>("--country") { Description = "The authority's, auditor's or orientation provider's country (ISO 3166-1 alpha-2)." };
        var agency = new Option<Guid?>("--agency-id") { Description = "The agency's id (role agency)." };
        var subject = new Option<string?>("--subject") { Description = "Who the token names in every record's history. [default: role:country]" };
        var dataDir = new Option<DirectoryInfo>("--data-dir")
        {
            Description = $"The standalone host's data directory, whose dev-signing-key signs the token. [env {KeyVariable}: the base64 key itself, as Auth:SigningKey of the distributed services]",
            DefaultValueFactory = _ => new DirectoryInfo("data"),
        };
        var command = new Command(
            "token",
            "Prints a development bearer token (development only: in production tokens come from the OpenID Connect issuer). " +
            "Use it as: export RECRUIT_TOKEN=$(recruitctl token --role authority --country NP)")
        {
            role, country, agency, subject, dataDir,
        };
        command.Validators.Add(r =>
        {
            var chosen = r.GetValue(role);
            if (chosen is Roles.Authority or Roles.Auditor or Roles.OrientationProvider && r.GetValue(country) is not { } c || (r.GetValue(country) is { } given && !IsoCodes.IsCountry(given)))
            {
                r.AddError("--country must be an ISO 3166-1 alpha-2 code in upper case (e.g. NP) for authority, auditor and orientation_provider");
            }

            if (chosen == Roles.Agency && r.GetValue(agency) is null)
            {
                r.AddError("--agency-id is required for the agency role");
            }
        });
        command.SetLocalAction(globals, (parse, output, _) =>
        {
            var options = new AuthOptions();
            if (Environment.GetEnvironmentVariable(KeyVariable) is { Length: > 0 } key)
            {
                options.SigningKey = key;
            }
            else
            {
                var file = Path.Combine(parse.GetRequiredValue(dataDir).FullName, "dev-signing-key");
                options.DevelopmentKeyFile = File.Exists(file)
                    ? file
                    : throw new UsageException($"no development key at {file}: start the standalone host once (it creates it), or set {KeyVariable}");
            }

            var validation = new AuthOptionsValidator().Validate(null, options);
            if (validation.Failed)
            {
                throw new UsageException(validation.FailureMessage);
            }

            var chosen = parse.GetRequiredValue(role);
            var token = TokenFactory.Create(options, chosen, chosen == Roles.Agency ? null : parse.GetValue(country), parse.GetValue(agency), parse.GetValue(subject));
            if (output.IsJson)
            {
                output.WriteJson(new { Token = token });
            }
            else
            {
                output.Line(token);
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
