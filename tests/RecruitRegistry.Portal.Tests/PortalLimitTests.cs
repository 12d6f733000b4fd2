using System.Net;
using RecruitRegistry.EndToEnd;

namespace RecruitRegistry.Portal.Tests;

/// <summary>
/// The per-client limit on the portal's pages, behind a proxy the host believes (the standalone host believes loopback):
/// a worker who exhausts it is refused, another worker is not, and the services count each worker, not the portal.
/// </summary>
public sealed class PortalLimitTests : IAsyncLifetime
{
    private StandaloneSystem system = null!;

    public async Task InitializeAsync() =>
        system = await StandaloneSystem.StartAsync(rateLimit: true, "--Platform:RateLimit:PermitLimit=6", "--Platform:RateLimit:Window=00:05:00");

    public async Task DisposeAsync() => await system.DisposeAsync();

    [Fact]
    public async Task A_worker_who_exhausts_the_limit_is_refused_and_another_worker_is_not()
    {
        using var http = new HttpClient { BaseAddress = system.Http };

        string? refusal = null;
        async Task<HttpStatusCode> SearchAsync(string worker)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/agencies?q=Himalayan", UriKind.Relative));
            request.Headers.Add("X-Forwarded-For", worker);
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                refusal = await response.Content.ReadAsStringAsync();
            }

            return response.StatusCode;
        }

        // Each search is two requests of the worker's: the page, and the portal's SearchRegistry call made in their name.
        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            first.Add(await SearchAsync("203.0.113.5"));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.OK, await SearchAsync("203.0.113.6"));

        // The refusal is a page, said in every language (the limit acts before the worker's language is known).
        Assert.All(PortalModule.Languages, l => Assert.Contains(PortalFixture.Text("Problem.TooMany", l), refusal!, StringComparison.Ordinal));
    }
}
