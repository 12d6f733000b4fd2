namespace RecruitRegistry.Ctl.Cli;

/// <summary>What recruitctl's exit code says (docs/recruitctl.md lists them for scripts).</summary>
public static class ExitCodes
{
    /// <summary>Done, and nothing to report.</summary>
    public const int Ok = 0;

    /// <summary>Done, with findings: rows rejected by an import, replicas that still differ.</summary>
    public const int Findings = 1;

    /// <summary>The command line or a file it names is wrong, or no token was given; nothing was called.</summary>
    public const int Usage = 2;

    /// <summary>A service refused the call: the token, the caller's rights or the request.</summary>
    public const int Refused = 3;

    /// <summary>A service could not be reached (after retries); an import may be run again to resume.</summary>
    public const int Unavailable = 4;

    /// <summary>Stopped by Ctrl-C; an import may be run again to resume.</summary>
    public const int Cancelled = 130;
}
