namespace RecruitRegistry.WorkerContracts.Model;

/// <summary>An exact amount in an ISO 4217 currency.</summary>
internal sealed record Amount(string Currency, decimal Value);

/// <summary>One fee charged to the worker: ILO cost category (shared/reference/fees.md), amount, who received it.</summary>
internal sealed record FeeTerm(string Category, Amount Amount, string Payee);

/// <summary>
/// The terms of one version of a contract, validated: what the fingerprint covers and what CompareTerms compares. Stored
/// as JSON in contract_versions. Text is trimmed and NFC-normalized on the way in.
/// </summary>
internal sealed record ContractTerms
{
    public required string EmployerName { get; init; }
    public required string EmployerCountry { get; init; }
    public required string EmployerRegistrationId { get; init; }
    public required string JobTitle { get; init; }
    public required string Sector { get; init; }
    public required string Isco08Code { get; init; }
    public required string WorkLocation { get; init; }
    public required DateOnly SignedOn { get; init; }
    public required DateOnly StartDate { get; init; }
    public required Amount MonthlyBasicWage { get; init; }
    public required int HoursPerWeek { get; init; }
    public required int RestDaysPerWeek { get; init; }
    public required int DurationMonths { get; init; }
    public required int AnnualLeaveDays { get; init; }
    public required decimal OvertimeRate { get; init; }
    public required bool AccommodationProvided { get; init; }
    public required bool FoodProvided { get; init; }
    public required bool TransportProvided { get; init; }
    public required bool ReturnTicketPaidByEmployer { get; init; }
    public required IReadOnlyList<FeeTerm> Fees { get; init; }
}
