namespace RecruitRegistry.IntegrationEvents;

/// <summary>An exact amount in an ISO 4217 currency, as events carry it.</summary>
public sealed record EventMoney(string CurrencyCode, decimal Amount);
