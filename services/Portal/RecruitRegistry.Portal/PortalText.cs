namespace RecruitRegistry.Portal;

/// <summary>
/// The portal's strings: Resources/PortalText.resx (English) and one PortalText.{culture}.resx per language. Enum values
/// are keyed "TypeName.Value" ("GrievanceKind.WagesWithheld"), countries "Country.NP".
/// </summary>
public sealed class PortalText;
