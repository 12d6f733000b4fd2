using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Testing;

namespace RecruitRegistry.Platform.Tests.Hosting;

/// <summary>
/// Input far past what any field allows, on the real standalone host (Kestrel's HTTP/2, where status and details travel
/// in headers a client limits): a 1 MB field and a 10,000-item list are refused field by field with a bounded answer,
/// and the next call on the same connection succeeds. Text that is not Unicode (a noncharacter, a lone surrogate, bytes
/// that are not UTF-8) is INVALID_ARGUMENT naming the field.
/// </summary>
public sealed class OversizedInputTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("recruit-oversized-").FullName;
    private readonly string signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private ChildProcess host = null!;
    private GrpcChannel channel = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        var grpcPort = LoopbackPort.Free();
        var httpPort = LoopbackPort.Free();
        host = await ChildProcess.StartAsync(ChildProcess.StandaloneDll,
        [
            $"--data-dir={directory}",
            $"--Auth:SigningKey={signingKey}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}",
            "--Platform:RateLimit:Enabled=false",
        ], readyLine: "standalone is running");
        channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions { MaxSendMessageSize = null });
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    }

    [Fact]
    public async Task A_1_MB_field_and_a_10000_item_list_get_a_bounded_answer_and_the_connection_lives_on()
    {
        var auditor = Bearer(Roles.Auditor, "NP");
        var audits = new FeeAudits.FeeAuditsClient(channel);
        var health = new global::Grpc.Health.V1.Health.HealthClient(channel);
        var megabyte = new string('Q', 1 << 20);

        var policy = new FeePolicy { OriginCountry = "NP", DestinationCountry = "QA", Currency = megabyte, Kind = PolicyKind.CategoryCaps };
        for (var i = 0; i < 10_000; i++)
        {
            policy.CategoryCaps.Add(new CategoryCap { Category = (FeeCategory)999, Cap = new Money { CurrencyCode = megabyte[..10], Amount = "1" } });
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => audits.DefinePolicyAsync(new DefinePolicyRequest { Policy = policy, Reason = "r" }, auditor).ResponseAsync);
        Assert.True(refused.StatusCode == StatusCode.InvalidArgument, refused.Status.ToString());
        var violations = refused.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations;
        Assert.Equal(21, violations.Count);
        Assert.Contains("more violations", violations[^1].Description, StringComparison.Ordinal);
        Assert.Contains(violations, v => v.Field == "policy.currency");
        Assert.True(refused.Status.Detail.Length < 10_000, $"{refused.Status.Detail.Length} characters of detail");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);

        var rate = new SetExchangeRateRequest
        {
            Rate = new ExchangeRate { BaseCurrency = megabyte, QuoteCurrency = megabyte[..65536], Rate = megabyte[..65536], OnDate = new Date { Year = 2026, Month = 1, Day = 1 }, Source = megabyte[..65536] },
        };
        var rateRefused = await Assert.ThrowsAsync<RpcException>(() => audits.SetExchangeRateAsync(rate, auditor).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, rateRefused.StatusCode);
        Assert.True(rateRefused.Status.Detail.Length < 2_000, $"{rateRefused.Status.Detail.Length} characters of detail");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);

        // JSON: the same on one HTTP/1.1 connection.
        var body = JsonSerializer.Serialize(new { verificationCode = megabyte, account = megabyte });
        using var json = await http.PostAsync("/v1/contracts/" + new string('A', 4000) + ":reportFees", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.True((await json.Content.ReadAsStringAsync()).Length < 10_000);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/registry?name=anything")).StatusCode);
    }

    [Theory]
    [InlineData("\\ufffe", true)]
    [InlineData("\\uffff", true)]
    [InlineData("\\ufdd0", true)]
    [InlineData("\\ud83f\\udfff", true)] // U+1FFFF
    [InlineData("Good Agency \\u202e ycnegA liveE", true)]
    [InlineData("isolated \\u2067text", true)]
    // A lone surrogate is not text: the JSON reader refuses the body before any field is read, so no field is named.
    [InlineData("\\ud800", false)]
    [InlineData("x\\udc00y", false)]
    public async Task Text_that_is_not_unicode_or_reorders_itself_is_invalid_argument(string escaped, bool namesField)
    {
        // Through JSON, where a lone surrogate can reach the service as it is.
        var body = "{\"verificationCode\":\"7K3M-9QXR-2B4J\",\"feesPaid\":[{\"category\":\"FEE_CATEGORY_MEDICAL\",\"amount\":{\"currencyCode\":\"NPR\",\"amount\":\"100\"},"
            + "\"payee\":\"clinic\"}],\"account\":\"" + escaped + "\"}";
        using var response = await http.PostAsync("/v1/contracts/NP-QA-26-7K3M9Q:reportFees", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        Assert.Equal(3, JsonDocument.Parse(text).RootElement.GetProperty("code").GetInt32()); // INVALID_ARGUMENT
        Assert.True(!namesField || text.Contains("\"field\":\"account\"", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task A_string_that_is_not_utf8_is_invalid_argument_naming_its_field_and_the_connection_lives_on()
    {
        // ReportFeesPaid with fees_paid[0].payee set to the bytes of a lone surrogate: no protobuf message at all.
        var request = new ReportFeesPaidRequest { Reference = "NP-QA-26-7K3M9Q", VerificationCode = "7K3M-9QXR-2B4J" };
        request.FeesPaid.Add(new Fee { Category = FeeCategory.Medical, Amount = new Money { CurrencyCode = "NPR", Amount = "100" }, Payee = "\u0001PAYEE\u0001" });
        var bytes = request.ToByteArray();
        var at = bytes.AsSpan().IndexOf("\u0001PAYEE\u0001"u8);
        new byte[] { 0xED, 0xA0, 0x80, 0xFF, 0xC0, 0xAF, 0x78 }.CopyTo(bytes.AsSpan(at));

        var raw = new Method<byte[], byte[]>(MethodType.Unary, WorkerContracts.Descriptor.FullName, "ReportFeesPaid",
            Marshallers.Create<byte[]>(b => b, b => b), Marshallers.Create<byte[]>(b => b, b => b));
        var refused = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(raw, null, new CallOptions(), bytes).ResponseAsync);
        Assert.True(refused.StatusCode == StatusCode.InvalidArgument, refused.Status.ToString());
        var violation = Assert.Single(refused.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations);
        Assert.Equal("fees_paid[0].payee", violation.Field);
        Assert.Equal("is not valid UTF-8", violation.Description);

        // Bytes that are no message at all: refused without a field.
        var garbage = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(raw, null, new CallOptions(), [0xFF, 0xFF, 0xFF, 0xFF]).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, garbage.StatusCode);
        Assert.Equal("", Assert.Single(garbage.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations).Field);

        var health = new global::Grpc.Health.V1.Health.HealthClient(channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
    }

    private CallOptions Bearer(string role, string country) =>
        new(new Metadata { { "authorization", "Bearer " + TokenFactory.Create(new AuthOptions { SigningKey = signingKey }, role, country, null) } });

    public async Task DisposeAsync()
    {
        http.Dispose();
        channel.Dispose();
        await host.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}
