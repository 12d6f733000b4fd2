using RecruitRegistry.Testing;

namespace RecruitRegistry.Licensing.Tests;

/// <summary>A test on its own Licensing app (own database, own virtual host), with the scenario builder.</summary>
[Collection(ServersCollection.Name)]
public abstract class LicensingTest(Servers servers) : IAsyncLifetime
{
    protected Servers Servers { get; } = servers;

    protected LicensingApp App { get; private set; } = null!;

    protected CorridorScenario Given { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await LicensingApp.StartAsync(Servers);
        Given = new CorridorScenario(App);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
