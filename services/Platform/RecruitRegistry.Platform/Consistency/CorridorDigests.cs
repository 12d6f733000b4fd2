using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Security;

namespace RecruitRegistry.Platform.Consistency;

/// <summary>One record a service holds for a corridor, as the digest counts it.</summary>
public readonly record struct DigestItem(string Kind, Guid Id, long Version);

/// <summary>
/// The corridor digest of DESIGN.md, point 7: the hex SHA-256 of the sorted lines "kind:id:version", over everything a
/// service holds for a corridor and per kind, so that services holding different kinds compare the kinds they share.
/// </summary>
public static class CorridorDigests
{
    /// <summary>
    /// The digest a caller asked for (an authority of either country, or an auditor): <paramref name="digestSql"/> lists
    /// every record the service holds for the corridor (@Origin, @Destination) as rows (kind, id, version).
    /// </summary>
    public static async Task<CorridorDigest> ReadAsync(
        ServiceDatabase database, string digestSql, GetCorridorDigestRequest request, Caller caller, CancellationToken ct)
    {
        var (origin, destination) = CorridorRequests.Authorize(request.OriginCountry, request.DestinationCountry, caller, allowAuditor: true);
        await using var work = await database.BeginAsync(ct);
        var rows = await work.QueryAsync<DigestRow>(digestSql, new { Origin = origin, Destination = destination });
        return Compute(origin, destination, rows.Select(r => new DigestItem(r.Kind, r.Id, r.Version)));
    }

    public static CorridorDigest Compute(string origin, string destination, IEnumerable<DigestItem> items)
    {
        var lines = items
            .Select(i => (i.Kind, Line: string.Create(CultureInfo.InvariantCulture, $"{i.Kind}:{i.Id}:{i.Version}")))
            .ToList();
        var digest = Of(lines.Select(l => l.Line).ToList());
        var reply = new CorridorDigest
        {
            OriginCountry = origin,
            DestinationCountry = destination,
            Sha256 = digest.Sha256,
            ItemCount = digest.Count,
        };
        foreach (var kind in lines.GroupBy(l => l.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ofKind = Of(kind.Select(l => l.Line).ToList());
            reply.Kinds.Add(new KindDigest { Kind = kind.Key, Sha256 = ofKind.Sha256, ItemCount = ofKind.Count });
        }

        return reply;
    }

    private sealed record DigestRow
    {
        public string Kind { get; init; } = "";
        public Guid Id { get; init; }
        public long Version { get; init; }
    }

    private static (string Sha256, int Count) Of(List<string> lines)
    {
        lines.Sort(StringComparer.Ordinal);
        return (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines)))), lines.Count);
    }
}
