using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Tests.Api;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Platform.Tests.Grpc;

/// <summary>The test API's implementation: each RPC throws, validates or authorizes the way service RPCs will.</summary>
public sealed class ProbeApiService : ProbeApi.ProbeApiBase
{
    public override async Task<FailReply> Fail(FailRequest request, ServerCallContext context)
    {
        if (request.Kind == "database-away")
        {
            // A real connection to a port where no PostgreSQL listens: Npgsql's transient failure, as while a server restarts.
            await using var connection = new Npgsql.NpgsqlConnection("Host=127.0.0.1;Port=1;Timeout=2;Pooling=false");
            await connection.OpenAsync(context.CancellationToken);
        }

        throw Failure(request.Kind);
    }

    private static Exception Failure(string kind) => kind switch
    {
        "validation" => new ValidationFailed([new FieldViolation("licence.number", "is required")]),
        "not-found" => new NotFound("licence", "7c9e6679-7425-40de-944b-e07fc1f90ae7"),
        "already-exists" => new AlreadyExists("agency", "NP/REG-1"),
        "precondition" => new PreconditionFailed("cannot renew a licence that is REVOKED", "REVOKED"),
        "stale" => new StaleVersion("licence", "x", 3, 4),
        "forbidden" => new Forbidden("only the issuing authority decides on this licence"),
        "unauthenticated" => new Unauthenticated("a token is required"),
        "rate-limited" => new RateLimited("too many attempts"),
        _ => new InvalidOperationException("secret connection string Password=hunter2 leaked"),
    };

    [AllowAnonymous]
    public override Task<ValidateReply> Validate(ValidateRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var country = v.Country("country", request.Country);
        var name = v.Required("name", request.Name, maxLength: 50);
        var fee = v.Money("fee", request.Fee is null ? null : new Contracts.Common.V1.Money { CurrencyCode = request.Fee.CurrencyCode, Amount = request.Fee.Amount });
        v.Id("id", request.Id);
        v.ThrowIfInvalid();
        return Task.FromResult(new ValidateReply { Normalized = $"{country}|{name}|{fee.Currency} {fee.Amount}" });
    }

    [Authorize(Policy = Policies.Authority)]
    public override Task<WhoAmIReply> WhoAmI(WhoAmIRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        return Task.FromResult(new WhoAmIReply { Role = caller.Role.ToString(), Country = caller.Country ?? "", Subject = caller.Subject });
    }
}
