using RecruitRegistry.Contracts.Common.V1;

namespace RecruitRegistry.Platform.Validation;

/// <summary>
/// A page of a list read newest first by UUIDv7 id (time-ordered): at most <see cref="Size"/> rows with an id below
/// <see cref="After"/> (none: from the newest). The token a reply gives is the last id of its page; a list reads
/// <see cref="Limit"/> rows so that the one past the page says whether another follows.
/// </summary>
public sealed record KeysetPage(int Size, Guid After)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 500;

    /// <summary>One row more than the page, to learn whether another page follows.</summary>
    public int Limit => Size + 1;

    /// <summary>" AND id &lt; @After" when the page continues a list, else nothing.</summary>
    public string Condition(string column = "id") => After == Guid.Empty ? "" : $" AND {column} < @After";

    /// <summary>The page's rows of <paramref name="rows"/> (read with <see cref="Limit"/>), and the reply's page token.</summary>
    public (List<T> Rows, PageReply Reply) Cut<T>(IReadOnlyList<T> rows, Func<T, Guid> id)
    {
        var page = rows.Take(Size).ToList();
        return (page, new PageReply { NextPageToken = rows.Count > Size ? id(page[^1]).ToString("N") : "" });
    }
}

public sealed partial class RequestValidator
{
    /// <summary>The page a request asks for (<c>page.page_size</c> 0 means the default; the token one this service gave).</summary>
    public KeysetPage Page(PageRequest? page)
    {
        var size = page?.PageSize ?? 0;
        if (size is < 0 or > KeysetPage.MaxSize)
        {
            Fail("page.page_size", $"must be between 0 and {KeysetPage.MaxSize}");
        }

        var after = Guid.Empty;
        if (!string.IsNullOrEmpty(page?.PageToken) && !Guid.TryParseExact(page.PageToken, "N", out after))
        {
            Fail("page.page_token", "is not a token this service returned");
        }

        return new KeysetPage(size is > 0 and <= KeysetPage.MaxSize ? size : KeysetPage.DefaultSize, after);
    }
}
