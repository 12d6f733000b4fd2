using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Platform.Consistency;

/// <summary>The corridor a GetCorridorDigest or RepublishCorridor request names, and whether the caller may ask.</summary>
public static class CorridorRequests
{
    /// <summary>
    /// The validated countries. The digest may be read by the authorities and auditors of either country; republishing
    /// is for the authorities only.
    /// </summary>
    public static (string Origin, string Destination) Authorize(string originCountry, string destinationCountry, Caller caller, bool allowAuditor)
    {
        var v = new RequestValidator();
        var origin = v.Country("origin_country", originCountry);
        var destination = v.Country("destination_country", destinationCountry);
        v.ThrowIfInvalid();
        var party = caller.Country == origin || caller.Country == destination;
        if (!party || !(caller.Role == CallerRole.Authority || (allowAuditor && caller.Role == CallerRole.Auditor)))
        {
            throw new Forbidden($"only the {(allowAuditor ? "authorities and auditors" : "authorities")} of {origin} and {destination} may do this");
        }

        return (origin, destination);
    }
}
