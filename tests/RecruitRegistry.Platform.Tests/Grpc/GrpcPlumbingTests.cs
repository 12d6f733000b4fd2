using System.Net;
using System.Net.Http.Json;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecruitRegistry.Platform.Hosting;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Tests.Api;
using RecruitRegistry.Platform.Tests.Infrastructure;
using RecruitRegistry.Testing;

namespace RecruitRegistry.Platform.Tests.Grpc;

/// <summary>The interceptor's status mapping, validation details and JWT authentication, through a real gRPC client.</summary>
public sealed class GrpcPlumbingTests : IAsyncLifetime
{
    private WebApplication app = null!;
    private GrpcChannel channel = null!;
    private ProbeApi.ProbeApiClient client = null!;

    private static AuthOptions Auth(string? key = null) => new() { SigningKey = key ?? ProbeHosts.SigningKey };

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(ProbeHosts.Common());
        builder.Logging.ClearProviders();
        builder.AddPlatform();
        app = builder.Build();
        app.MapPlatform();
        app.MapGrpcService<ProbeApiService>();
        await app.StartAsync();
        channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = app.GetTestServer().CreateHandler() });
        client = new ProbeApi.ProbeApiClient(channel);
    }

    public async Task DisposeAsync()
    {
        channel.Dispose();
        await app.ShutDownAsync();
    }

    [Fact]
    public void A_host_does_not_read_a_data_protection_key_ring_at_start_yet_keeps_the_service()
    {
        var dataProtection = typeof(DataProtectionOptions).Assembly;
        var hosted = app.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        Assert.NotEmpty(hosted);
        Assert.DoesNotContain(hosted, t => t.Assembly == dataProtection);

        Assert.NotNull(app.Services.GetService<IDataProtectionProvider>()); // its key ring is read when first used
    }

    [Theory]
    [InlineData("validation", StatusCode.InvalidArgument)]
    [InlineData("not-found", StatusCode.NotFound)]
    [InlineData("already-exists", StatusCode.AlreadyExists)]
    [InlineData("precondition", StatusCode.FailedPrecondition)]
    [InlineData("stale", StatusCode.Aborted)]
    [InlineData("forbidden", StatusCode.PermissionDenied)]
    [InlineData("unauthenticated", StatusCode.Unauthenticated)]
    [InlineData("rate-limited", StatusCode.ResourceExhausted)]
    [InlineData("database-away", StatusCode.Unavailable)]
    [InlineData("crash", StatusCode.Internal)]
    public async Task Each_domain_exception_maps_to_its_status(string kind, StatusCode expected)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => client.FailAsync(new FailRequest { Kind = kind }, Bearer()).ResponseAsync);
        Assert.Equal(expected, error.StatusCode);
    }

    [Fact]
    public async Task Internal_errors_leak_no_exception_text_and_carry_a_correlation_id()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => client.FailAsync(new FailRequest { Kind = "crash" }, Bearer()).ResponseAsync);
        Assert.DoesNotContain("hunter2", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", error.Status.Detail, StringComparison.Ordinal);
        Assert.Matches("Correlation id: [0-9a-f]{32}", error.Status.Detail);
    }

    [Fact]
    public async Task A_failed_precondition_names_the_current_state()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => client.FailAsync(new FailRequest { Kind = "precondition" }, Bearer()).ResponseAsync);
        Assert.Contains("REVOKED", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("REVOKED", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["current_state"]);
    }

    [Fact]
    public async Task A_bad_request_lists_every_bad_field_in_BadRequest_details()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => client.ValidateAsync(new ValidateRequest
        {
            Country = "XX",
            Name = "",
            Fee = new Money { CurrencyCode = "VND", Amount = "12.5" },
            Id = "not-a-uuid",
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(f => f.Field).ToList();
        Assert.Equal(["country", "name", "fee.amount", "id"], fields);
    }

    [Fact]
    public async Task A_valid_request_passes_and_is_normalized()
    {
        var reply = await client.ValidateAsync(new ValidateRequest
        {
            Country = "NP",
            Name = "  Kathmandu Overseas  ",
            Fee = new Money { CurrencyCode = "KWD", Amount = "10.125" },
            Id = Guid.NewGuid().ToString(),
        });
        Assert.Equal("NP|Kathmandu Overseas|KWD 10.125", reply.Normalized);
    }

    [Fact]
    public async Task The_worker_facing_json_transcoding_answers_plain_json_with_the_same_validation()
    {
        using var http = app.GetTestServer().CreateClient();
        var ok = await http.PostAsJsonAsync("/v1/probe:validate", new { country = "QA", name = "x", fee = new { currencyCode = "QAR", amount = "1000.00" }, id = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("QA|x|QAR 1000.00", await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var bad = await http.PostAsJsonAsync("/v1/probe:validate", new { country = "qa" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.Content.ReadAsStringAsync();
        Assert.Contains("\"field\": \"country\"", body.Replace("\":\"", "\": \"", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_protected_rpc_without_a_token_is_unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => client.WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task A_token_of_the_right_role_is_accepted_and_its_claims_reach_the_handler()
    {
        var reply = await client.WhoAmIAsync(new WhoAmIRequest(), Bearer(TokenFactory.Create(Auth(), Roles.Authority, "NP", null)));
        Assert.Equal(("Authority", "NP", "authority:NP"), (reply.Role, reply.Country, reply.Subject));
    }

    [Fact]
    public async Task A_token_of_another_role_is_permission_denied()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.WhoAmIAsync(new WhoAmIRequest(), Bearer(TokenFactory.Create(Auth(), Roles.Agency, null, Guid.NewGuid()))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task Expired_tokens_and_tokens_signed_with_another_key_are_unauthenticated()
    {
        var otherKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        foreach (var token in new[]
                 {
                     TokenFactory.Create(Auth(otherKey), Roles.Authority, "NP", null),
                     TokenFactory.Create(Auth(), Roles.Authority, "NP", null, lifetime: TimeSpan.FromMinutes(-5)),
                     "not-a-jwt",
                 })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => client.WhoAmIAsync(new WhoAmIRequest(), Bearer(token)).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        }
    }

    private static Metadata Bearer(string? token = null) =>
        token is null ? [] : new Metadata { { "authorization", "Bearer " + token } };
}
