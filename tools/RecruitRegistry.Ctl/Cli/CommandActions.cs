using System.CommandLine;
using Grpc.Core;

namespace RecruitRegistry.Ctl.Cli;

/// <summary>How every command runs: its session opened, and each way it can fail turned into an exit code and a line.</summary>
public static class CommandActions
{
    /// <summary>A command that calls the services.</summary>
    public static void SetSessionAction(this Command command, GlobalOptions globals, Func<ParseResult, Session, CancellationToken, Task<int>> action) =>
        command.SetLocalAction(globals, async (parse, output, ct) =>
        {
            using var session = Session.Open(parse, globals, output);
            return await action(parse, session, ct);
        });

    /// <summary>A command that needs no service (token).</summary>
    public static void SetLocalAction(this Command command, GlobalOptions globals, Func<ParseResult, Output, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, ct) =>
        {
            var output = new Output(parse.GetValue(globals.Output) == "json", parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            try
            {
                return await action(parse, output, ct);
            }
            catch (UsageException e)
            {
                output.Error(e.Message);
                return ExitCodes.Usage;
            }
            catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
            {
                output.Error("stopped; run the same command again to resume");
                return ExitCodes.Cancelled;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                output.Error($"{e.StatusCode}: {e.Status.Detail} (is the service running? --server, --licensing, --contracts, --feeaudits)");
                return ExitCodes.Unavailable;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
            {
                output.Error($"{e.StatusCode}: the token was refused (expired, or signed with another key?) {e.Status.Detail}");
                return ExitCodes.Refused;
            }
            catch (RpcException e)
            {
                output.Error($"{e.StatusCode}: {e.Status.Detail}");
                return ExitCodes.Refused;
            }
        });
}
