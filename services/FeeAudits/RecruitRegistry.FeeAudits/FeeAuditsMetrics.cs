using System.Diagnostics.Metrics;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Hosting;

namespace RecruitRegistry.FeeAudits;

/// <summary>FeeAudits' own metrics (docs/observability.md), counted once the unit of work that did it commits.</summary>
internal static class FeeAuditsMetrics
{
    private static readonly Meter Meter = new(Telemetry.Prefix + ".FeeAudits");

    private static readonly Counter<long> Audits = Meter.CreateCounter<long>(
        "recruit.audits", "{audit}", "Audits of contract terms (first audits and audits redone), by outcome");

    private static readonly Counter<long> CaseDecisions = Meter.CreateCounter<long>(
        "recruit.case.decisions", "{decision}", "Decisions on cases (OPENED, CONFIRMED, DISMISSED, …), by kind");

    public static void Audited(UnitOfWork work, string outcome) =>
        work.OnCommitted(() => Audits.Add(1, new KeyValuePair<string, object?>("outcome", outcome)));

    public static void Decided(UnitOfWork work, string kind) =>
        work.OnCommitted(() => CaseDecisions.Add(1, new KeyValuePair<string, object?>("kind", kind)));
}
