using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Platform.ServiceDefaults.Problems;

namespace Platform.ServiceDefaults.Http;

/// <summary>A page of a list, as API.md returns lists: <c>{ "items": [...], "nextCursor": ... }</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Keyset paging. A cursor is the opaque, URL-safe encoding of the sort key of the last item
/// returned; the next page starts strictly after it. A tampered cursor is a 400 naming <c>cursor</c>.
/// </summary>
public static class Cursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static string Encode<TKey>(TKey key) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(key));

    public static TKey? Decode<TKey>(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return default;
        try
        {
            return JsonSerializer.Deserialize<TKey>(Base64Url.DecodeFromChars(cursor));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw new InvalidInputException("cursor", "The cursor is not one this service issued; start again without it.");
        }
    }

    /// <summary>The page size: default when absent, 400 when out of range.</summary>
    public static int Limit(int? limit)
    {
        if (limit is null) return DefaultLimit;
        if (limit is < 1 or > MaxLimit) throw new InvalidInputException("limit", $"Must be between 1 and {MaxLimit}.");
        return limit.Value;
    }

    /// <summary>Builds a page from up to limit + 1 rows fetched: the extra row only says whether more exist.</summary>
    public static Page<T> ToPage<T, TKey>(IReadOnlyList<T> rowsPlusOne, int limit, Func<T, TKey> key)
    {
        if (rowsPlusOne.Count <= limit) return new Page<T>(rowsPlusOne, null);
        var items = rowsPlusOne.Take(limit).ToList();
        return new Page<T>(items, Encode(key(items[^1])));
    }
}
