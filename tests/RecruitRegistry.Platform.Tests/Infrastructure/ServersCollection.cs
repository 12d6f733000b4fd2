using RecruitRegistry.Testing;

namespace RecruitRegistry.Platform.Tests.Infrastructure;

/// <summary>The tests that use the real servers run one at a time, sharing them.</summary>
[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<Servers>
{
    public const string Name = "real servers";
}
