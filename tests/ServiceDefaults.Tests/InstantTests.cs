using System.Text.Json;
using Platform.ServiceDefaults.Json;

namespace ServiceDefaults.Tests;

public sealed class InstantTests
{
    private sealed record Signed(DateTimeOffset At);

    private static Signed Read(string instant) =>
        JsonSerializer.Deserialize<Signed>("{\"at\":\"" + instant + "\"}", PlatformJson.Web)!;

    [Theory]
    [InlineData("2026-03-09T09:00:00-04:00")]
    [InlineData("2026-03-09T13:00:00Z")]
    [InlineData("2026-03-09T09:00-04:00")]
    public void Instants_with_an_offset_are_read(string text) =>
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 13, 0, 0, TimeSpan.Zero), Read(text).At.ToUniversalTime());

    [Theory]
    [InlineData("2026-03-09T09:00:00")]
    [InlineData("2026-03-09")]
    [InlineData("09:00")]
    public void An_instant_without_an_offset_is_refused_not_read_as_server_time(string text) =>
        Assert.Throws<JsonException>(() => Read(text));

    [Fact]
    public void Instants_are_written_with_the_offset_they_carry() =>
        Assert.Equal("{\"at\":\"2026-03-09T09:00:00-04:00\"}",
            JsonSerializer.Serialize(new Signed(new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.FromHours(-4))), PlatformJson.Web));
}
