using System.CommandLine;
using RecruitRegistry.Ctl.Cli;
using RecruitRegistry.Ctl.Commands;

var globals = new GlobalOptions();
var root = new RootCommand(
    "recruitctl: the RecruitRegistry services from the command line, for bulk and scripted work. " +
    "Calls the gRPC APIs with the bearer token in RECRUIT_TOKEN (or the file in RECRUIT_TOKEN_FILE or --token-file). " +
    "Exit codes: 0 done; 1 done with findings (rows rejected, replicas still different); 2 usage; 3 refused by a service; " +
    "4 a service unreachable; 130 stopped. docs/recruitctl.md.")
{
    ImportCommands.Agencies(globals),
    ImportCommands.Licences(globals),
    SearchCommands.Contracts(globals),
    SearchCommands.Cases(globals),
    ReportCommand.Create(globals),
    ConsistencyCommand.Create(globals),
    TokenCommand.Create(globals),
};
globals.AddTo(root);

var parsed = root.Parse(args);
var code = await parsed.InvokeAsync();
// A command line the parser refused (its errors and the help are printed) is a usage error, as documented.
return parsed.Errors.Count > 0 ? ExitCodes.Usage : code;
