using Grpc.Core;

namespace RecruitRegistry.Testing;

/// <summary>Who gets past a service's access checks: every RPC called by every kind of caller.</summary>
public static class AccessMatrix
{
    /// <summary>
    /// Per RPC, a row with one character per caller: 'A' when the call got past access (whatever it answered next: a
    /// stale version, a precondition), '-' when it was PERMISSION_DENIED or UNAUTHENTICATED. An INTERNAL or UNKNOWN
    /// answer is not an access decision and fails the test.
    /// </summary>
    public static async Task<Dictionary<string, string>> ObserveAsync(IReadOnlyDictionary<string, Func<CallOptions, Task>> calls, IReadOnlyList<CallOptions> callers)
    {
        var rows = new Dictionary<string, string>();
        foreach (var (rpc, call) in calls)
        {
            var row = new char[callers.Count];
            for (var i = 0; i < callers.Count; i++)
            {
                row[i] = 'A';
                try
                {
                    await call(callers[i]);
                }
                catch (RpcException ex) when (ex.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
                {
                    row[i] = '-';
                }
                catch (RpcException ex) when (ex.StatusCode is not (StatusCode.Internal or StatusCode.Unknown))
                {
                    // Allowed in, then refused for another reason: not an access decision.
                }
            }

            rows[rpc] = new string(row);
        }

        return rows;
    }
}
