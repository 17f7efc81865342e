using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace AppHost.Dashboard;

/// <summary>Markup that is already safe (built by an <see cref="Html"/> writer); written as is.</summary>
public readonly record struct Markup(string Value)
{
    public override string ToString() => Value;
}

/// <summary>
/// Builds a page. Every value interpolated into <see cref="Add"/> is HTML-encoded (log text, span names,
/// attributes: all of it comes from the resources and is untrusted); only <see cref="Markup"/> is not.
/// </summary>
public sealed class Html
{
    private readonly StringBuilder _builder = new();

    public Html Add([InterpolatedStringHandlerArgument("")] ref HtmlInterpolatedStringHandler handler) => this;

    public Html Add(Markup markup)
    {
        _builder.Append(markup.Value);
        return this;
    }

    internal StringBuilder Builder => _builder;

    public Markup ToMarkup() => new(_builder.ToString());

    public override string ToString() => _builder.ToString();

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>A query-string value (then HTML-encoded as any other value when interpolated).</summary>
    public static string Query(string? value) => Uri.EscapeDataString(value ?? string.Empty);

    /// <summary>A URL with the non-empty query parameters.</summary>
    public static string Url(string path, params (string Key, string? Value)[] query)
    {
        var parts = query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => q.Key + "=" + Query(q.Value)).ToList();
        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }
}

[InterpolatedStringHandler]
public readonly ref struct HtmlInterpolatedStringHandler
{
    private readonly StringBuilder _builder;

    public HtmlInterpolatedStringHandler(int literalLength, int formattedCount, Html html)
    {
        _builder = html.Builder;
        _builder.EnsureCapacity(_builder.Length + literalLength + formattedCount * 16);
    }

    public void AppendLiteral(string value) => _builder.Append(value);

    public void AppendFormatted(Markup markup) => _builder.Append(markup.Value);

    public void AppendFormatted(string? value) => _builder.Append(WebUtility.HtmlEncode(value ?? string.Empty));

    public void AppendFormatted<T>(T value) =>
        _builder.Append(WebUtility.HtmlEncode(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));

    public void AppendFormatted<T>(T value, string? format) where T : IFormattable =>
        _builder.Append(WebUtility.HtmlEncode(value.ToString(format, CultureInfo.InvariantCulture)));
}
