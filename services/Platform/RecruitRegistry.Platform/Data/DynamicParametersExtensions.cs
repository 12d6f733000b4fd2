using Dapper;

namespace RecruitRegistry.Platform.Data;

/// <summary>Adds a parameter fluently: <c>new DynamicParameters(row).With("Expected", version)</c>.</summary>
public static class DynamicParametersExtensions
{
    public static DynamicParameters With(this DynamicParameters parameters, string name, object? value)
    {
        parameters.Add(name, value);
        return parameters;
    }
}
