using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Testing;

namespace RecruitRegistry.Platform.Tests.Hosting;

/// <summary>
/// The per-client limit on requests without a valid token, and forwarded headers, on the real standalone process (real
/// Kestrel, real client addresses): gRPC and JSON alike, off by default for forwarded headers so a client cannot name
/// its own address.
/// </summary>
public sealed class ClientEdgeTests : IDisposable
{
    private const int Limit = 3;
    private readonly string directory = Directory.CreateTempSubdirectory("recruit-client-edge-").FullName;
    private readonly string signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Anonymous_calls_are_limited_per_client_on_grpc_and_json_and_a_forwarded_address_is_ignored_unless_believed()
    {
        // Forwarded headers off, as in the service hosts by default (the standalone host believes its own loopback, where
        // its worker portal calls from).
        var (host, grpc, http) = await StartAsync("--Platform:ForwardedHeaders:Enabled=false");
        await using var _ = host;
        using var channel = GrpcChannel.ForAddress(grpc);
        var licensing = new Licensing.LicensingClient(channel);
        using var client = new HttpClient { BaseAddress = http };

        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/registry?name=himalayan")).StatusCode);
        }

        // The fourth from this address: refused on JSON with 429 and the status as JSON, on gRPC with RESOURCE_EXHAUSTED.
        using var refused = await client.GetAsync("/v1/registry?name=himalayan");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(8, JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
        var ex = await Assert.ThrowsAsync<RpcException>(() => licensing.SearchRegistryAsync(new SearchRegistryRequest { Name = "himalayan" }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);

        // A client cannot choose another address: no proxy is believed.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/v1/registry?name=himalayan") { Headers = { { "X-Forwarded-For", "203.0.113.9" } } };
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(spoofed)).StatusCode);

        // A caller with a valid token is not limited, and the same connection still works.
        var token = TokenFactory.Create(new AuthOptions { SigningKey = signingKey }, Roles.Authority, "NP", null);
        await licensing.ListCorridorsAsync(new ListCorridorsRequest(), new Metadata { { "authorization", "Bearer " + token } });
    }

    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_budget_and_an_ipv6_client_is_its_64()
    {
        var (host, _, http) = await StartAsync("--Platform:ForwardedHeaders:Enabled=true", "--Platform:ForwardedHeaders:KnownProxies:0=127.0.0.1");
        await using var _ = host;
        using var client = new HttpClient { BaseAddress = http };
        async Task<HttpStatusCode> SearchFrom(string address)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/registry?name=himalayan") { Headers = { { "X-Forwarded-For", address } } };
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await SearchFrom("203.0.113.1"));
            Assert.Equal(HttpStatusCode.OK, await SearchFrom($"2001:db8:5:5::{i + 1}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await SearchFrom("203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await SearchFrom("203.0.113.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SearchFrom("2001:db8:5:5:ffff::1"));
        Assert.Equal(HttpStatusCode.OK, await SearchFrom("2001:db8:5:6::1"));
    }

    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::", "2001:db8:1:2::/64")]
    public void A_client_is_its_ipv4_address_or_its_ipv6_64(string address, string key) =>
        Assert.Equal(key, ClientAddress.Key(IPAddress.Parse(address)));

    private async Task<(ChildProcess Host, Uri Grpc, Uri Http)> StartAsync(params string[] settings)
    {
        var grpcPort = LoopbackPort.Free();
        var httpPort = LoopbackPort.Free();
        var host = await ChildProcess.StartAsync(ChildProcess.StandaloneDll,
        [
            $"--data-dir={directory}",
            $"--Auth:SigningKey={signingKey}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}",
            $"--Platform:RateLimit:PermitLimit={Limit}",
            "--Platform:RateLimit:Window=00:10:00",
            .. settings,
        ], readyLine: "standalone is running");
        return (host, new Uri($"http://127.0.0.1:{grpcPort}"), new Uri($"http://127.0.0.1:{httpPort}"));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
