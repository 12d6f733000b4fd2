using Grpc.Core;

namespace RecruitRegistry.Testing;

/// <summary>Who gets past a service's access checks: every RPC called by every kind of caller, against the expected table.</summary>
public static class AccessMatrix
{
    private const string ExpiredToken = "expired token";

    /// <summary>
    /// Calls every RPC as every caller of <paramref name="expected"/> and returns one line per cell that differs from it.
    /// An allowed call may be answered anything but PERMISSION_DENIED, UNAUTHENTICATED, INTERNAL or UNKNOWN (it got past
    /// access and was then judged by the domain: a stale version, a precondition); a denied call must be UNAUTHENTICATED
    /// for a caller without a valid token and PERMISSION_DENIED for a known one; a hidden call NOT_FOUND, as an unknown id
    /// would be (a caller outside the record's scope learns nothing of whether it exists). The RPCs called must be the table's rows
    /// and the callers its columns. Every caller of <paramref name="malformed"/> (a validly signed token whose claims do
    /// not read, <see cref="MalformedTokens"/>) must be answered as the expired token is: as a caller without a valid token.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MismatchesAsync(
        AccessTable expected, IReadOnlyDictionary<string, Func<CallOptions, Task>> calls, IReadOnlyDictionary<string, CallOptions> callers,
        IReadOnlyDictionary<string, CallOptions> malformed)
    {
        var mismatches = new List<string>();
        mismatches.AddRange(expected.Rows.Keys.Except(calls.Keys).Select(rpc => $"{rpc}: in {AccessTable.Document} but not called"));
        mismatches.AddRange(calls.Keys.Except(expected.Rows.Keys).Select(rpc => $"{rpc}: called but not in {AccessTable.Document}"));
        mismatches.AddRange(expected.Callers.Except(callers.Keys).Select(c => $"caller '{c}': in {AccessTable.Document} but not given"));
        mismatches.AddRange(callers.Keys.Except(expected.Callers).Select(c => $"caller '{c}': given but not in {AccessTable.Document}"));
        if (mismatches.Count > 0)
        {
            return mismatches;
        }

        var columns = expected.Callers.Select((caller, i) => (Name: caller, Column: i, Options: callers[caller]))
            .Concat(malformed.Select(m => (Name: m.Key, Column: expected.Column(ExpiredToken), Options: m.Value)))
            .ToList();
        foreach (var (rpc, call) in calls)
        {
            foreach (var (caller, column, options) in columns)
            {
                var status = StatusCode.OK;
                try
                {
                    await call(options);
                }
                catch (RpcException ex)
                {
                    status = ex.StatusCode;
                }

                var cell = expected.Rows[rpc][column];
                var ok = cell switch
                {
                    'A' => status is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.Internal or StatusCode.Unknown),
                    'H' => status == StatusCode.NotFound,
                    _ => status == (AccessTable.Unauthenticated(expected.Callers[column]) ? StatusCode.Unauthenticated : StatusCode.PermissionDenied),
                };
                if (!ok)
                {
                    mismatches.Add($"{rpc} as {caller}: {status}, expected {cell switch { 'A' => "allow", 'H' => "hidden", _ => "deny" }}");
                }
            }
        }

        return mismatches;
    }
}
