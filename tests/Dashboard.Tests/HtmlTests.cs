using AppHost.Dashboard;

namespace Dashboard.Tests;

/// <summary>Every value a resource sent is text on the page, never markup.</summary>
public sealed class HtmlTests
{
    [Fact]
    public void Interpolated_values_are_encoded_and_only_markup_is_written_as_is()
    {
        const string hostile = "<script>alert('x')</script>\" onmouseover=\"steal()";
        var html = new Html();

        html.Add($"""<td title="{hostile}">{hostile}</td>{new Markup("<b>kept</b>")}{42}{3.5:F1}""");

        var text = html.ToString();
        Assert.DoesNotContain("<script>", text);
        Assert.DoesNotContain("\" onmouseover", text);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onmouseover=&quot;steal()", text);
        Assert.Contains("<b>kept</b>", text);
        Assert.EndsWith("423.5", text);
    }

    [Fact]
    public void Urls_escape_their_query_values()
    {
        Assert.Equal("/logs?trace=a%26b%3Dc&q=%3Cx%3E", Html.Url("/logs", ("trace", "a&b=c"), ("resource", null), ("q", "<x>")));
    }
}
