using RecruitRegistry.Testing;

namespace RecruitRegistry.EndToEnd.Tests;

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<Servers>
{
    public const string Name = "real servers";
}
