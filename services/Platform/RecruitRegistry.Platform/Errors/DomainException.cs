using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace RecruitRegistry.Platform.Errors;

/// <summary>
/// A request the domain refuses. Each subclass maps to exactly one gRPC status; the interceptor converts,
/// handlers only throw.
/// </summary>
public abstract class DomainException(string message) : Exception(message)
{
    public abstract Code Code { get; }

    protected virtual IEnumerable<IMessage> Details => [];

    public RpcException ToRpcException()
    {
        var status = new Google.Rpc.Status { Code = (int)Code, Message = Message };
        status.Details.AddRange(Details.Select(Any.Pack));
        return status.ToRpcException();
    }
}

/// <summary>One bad field of a request, named by its proto field path ("licence.security_bond.amount").</summary>
public sealed record FieldViolation(string Field, string Description);

/// <summary>
/// INVALID_ARGUMENT with a google.rpc.BadRequest listing the bad fields: the first <see cref="MaxListed"/> and, past
/// them, one entry counting the rest. Status and details travel in HTTP/2 headers, which clients limit (often to
/// 16–64 KB) by closing the whole connection; so the list is capped and each description bounded, whatever the input.
/// </summary>
public sealed class ValidationFailed : DomainException
{
    public const int MaxListed = 20;
    private const int MaxDescription = 300;

    public ValidationFailed(IReadOnlyList<FieldViolation> violations)
        : this(Listed(violations))
    {
    }

    private ValidationFailed(List<FieldViolation> listed)
        : base("Invalid request: " + string.Join("; ", listed.Select(v => v.Field.Length > 0 ? $"{v.Field}: {v.Description}" : v.Description))) =>
        Violations = listed;

    /// <summary>The violations as answered: at most <see cref="MaxListed"/> and a last one counting those left out.</summary>
    public IReadOnlyList<FieldViolation> Violations { get; }

    public override Code Code => Code.InvalidArgument;

    protected override IEnumerable<IMessage> Details =>
    [
        new BadRequest
        {
            FieldViolations =
            {
                Violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }),
            },
        },
    ];

    private static List<FieldViolation> Listed(IReadOnlyList<FieldViolation> violations)
    {
        var listed = violations.Take(MaxListed)
            .Select(v => new FieldViolation(Bounded(v.Field), Bounded(v.Description)))
            .ToList();
        if (violations.Count > MaxListed)
        {
            listed.Add(new FieldViolation("", $"and {violations.Count - MaxListed} more violations"));
        }

        return listed;
    }

    private static string Bounded(string text) =>
        text.Length <= MaxDescription ? text : text[..(char.IsHighSurrogate(text[MaxDescription - 1]) ? MaxDescription - 1 : MaxDescription)] + "…";
}

/// <summary>NOT_FOUND: "licence 3f… was not found".</summary>
public sealed class NotFound(string entity, string id) : DomainException($"{entity} {id} was not found")
{
    public override Code Code => Code.NotFound;
}

/// <summary>ALREADY_EXISTS: a unique key is taken.</summary>
public sealed class AlreadyExists(string entity, string key) : DomainException($"{entity} {key} already exists")
{
    public override Code Code => Code.AlreadyExists;
}

/// <summary>FAILED_PRECONDITION naming the current state: "cannot renew a licence that is REVOKED".</summary>
public sealed class PreconditionFailed(string message, string currentState) : DomainException(message)
{
    public string CurrentState { get; } = currentState;

    public override Code Code => Code.FailedPrecondition;

    protected override IEnumerable<IMessage> Details =>
    [
        new ErrorInfo { Reason = "ILLEGAL_STATE", Domain = "recruitregistry", Metadata = { ["current_state"] = CurrentState } },
    ];
}

/// <summary>ABORTED: the caller's expected version is not the current one; read again and retry.</summary>
public sealed class StaleVersion(string entity, string id, long expected, long current)
    : DomainException($"{entity} {id} is at version {current}, not {expected}: read it again")
{
    public override Code Code => Code.Aborted;
}

/// <summary>PERMISSION_DENIED: the caller is known but may not do this.</summary>
public sealed class Forbidden(string message) : DomainException(message)
{
    public override Code Code => Code.PermissionDenied;
}

/// <summary>UNAUTHENTICATED: the call needs a valid token.</summary>
public sealed class Unauthenticated(string message) : DomainException(message)
{
    public override Code Code => Code.Unauthenticated;
}

/// <summary>RESOURCE_EXHAUSTED: too many attempts (worker verification rate limits).</summary>
public sealed class RateLimited(string message) : DomainException(message)
{
    public override Code Code => Code.ResourceExhausted;
}

/// <summary>
/// FAILED_PRECONDITION because the registry does not authorise the agency here and now: the message and a
/// google.rpc.PreconditionFailure carry every reason, in the words Licensing's CheckAuthorization uses.
/// </summary>
public sealed class NotAuthorized(string subject, IReadOnlyList<string> reasons)
    : DomainException("not authorised to recruit: " + string.Join("; ", reasons))
{
    public IReadOnlyList<string> Reasons { get; } = reasons;

    public override Code Code => Code.FailedPrecondition;

    protected override IEnumerable<IMessage> Details =>
    [
        new PreconditionFailure
        {
            Violations = { Reasons.Select(r => new PreconditionFailure.Types.Violation { Type = "LICENSING", Subject = subject, Description = r }) },
        },
    ];
}
