using Grpc.Core;

namespace RecruitRegistry.Testing;

/// <summary>Who gets past a service's access checks: every RPC called by every kind of caller, against the expected table.</summary>
public static class AccessMatrix
{
    /// <summary>
    /// Calls every RPC as every caller of <paramref name="expected"/> and returns one line per cell that differs from it.
    /// An allowed call may be answered anything but PERMISSION_DENIED, UNAUTHENTICATED, INTERNAL or UNKNOWN (it got past
    /// access and was then judged by the domain: a stale version, a precondition); a denied call must be UNAUTHENTICATED
    /// for a caller without a valid token and PERMISSION_DENIED for a known one. The RPCs called must be the table's rows
    /// and the callers its columns.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MismatchesAsync(
        AccessTable expected, IReadOnlyDictionary<string, Func<CallOptions, Task>> calls, IReadOnlyDictionary<string, CallOptions> callers)
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

        foreach (var (rpc, call) in calls)
        {
            for (var i = 0; i < expected.Callers.Count; i++)
            {
                var caller = expected.Callers[i];
                var status = StatusCode.OK;
                try
                {
                    await call(callers[caller]);
                }
                catch (RpcException ex)
                {
                    status = ex.StatusCode;
                }

                var allowed = expected.Rows[rpc][i] == 'A';
                var ok = allowed
                    ? status is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.Internal or StatusCode.Unknown)
                    : status == (AccessTable.Unauthenticated(caller) ? StatusCode.Unauthenticated : StatusCode.PermissionDenied);
                if (!ok)
                {
                    mismatches.Add($"{rpc} as {caller}: {status}, expected {(allowed ? "allow" : "deny")}");
                }
            }
        }

        return mismatches;
    }
}
