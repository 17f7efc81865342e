using Microsoft.Extensions.Configuration;
using Platform.Events;

namespace Events.Tests;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(4, 1600)]
    [InlineData(5, 3000)]
    [InlineData(500, 3000)]
    public void Doubles_per_failure_up_to_the_cap(int failures, double expectedMs)
    {
        var middle = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3), () => 0.5);
        Assert.Equal(expectedMs, middle.After(failures).TotalMilliseconds, 3);
    }

    [Fact]
    public void Jitter_stays_within_twenty_percent()
    {
        var low = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 0.0);
        var high = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 0.999999);
        Assert.Equal(800, low.After(1).TotalMilliseconds, 3);
        Assert.Equal(1200, high.After(1).TotalMilliseconds, 0);
        Assert.Equal(72, high.After(30).TotalSeconds, 0);
    }
}

public sealed class EventSubscriptionsTests
{
    private static EventSubscriptions Parse(params (string Key, string Value)[] settings) =>
        EventSubscriptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void Reads_comma_separated_lists_and_arrays_and_lists_each_subscriber_once()
    {
        var subscriptions = Parse(
            ("Events:Subscriptions:AppointmentCompleted", "referrals, audit"),
            ("Events:Subscriptions:AppointmentCancelled:0", "referrals"),
            ("Events:Subscriptions:AppointmentCancelled:1", "referrals"));

        Assert.Equal(["referrals", "audit"], subscriptions.For("AppointmentCompleted"));
        Assert.Equal(["referrals"], subscriptions.For("AppointmentCancelled"));
        Assert.Empty(subscriptions.For("NoteSigned"));
        Assert.Equal(["audit", "referrals"], subscriptions.Subscribers);
    }

    [Theory]
    [InlineData("Events:Subscriptions:NoteSigned", "http://referrals", "is not a service name")]
    [InlineData("Events:Subscriptions:NoteSigned", "Referrals", "is not a service name")]
    [InlineData("Events:Subscriptions:clinicalnotes.events.v1.NoteSigned", "referrals", "the key must be the event's protobuf message name")]
    public void Refuses_at_startup_what_would_never_be_delivered(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Parse((key, value)));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Options_that_cannot_work_are_named()
    {
        var problems = new EventsOptions { BatchSize = 0, MaxBackoff = TimeSpan.FromMilliseconds(10), PollInterval = TimeSpan.Zero }.Problems().ToList();
        Assert.Contains(problems, p => p.Contains("Events:BatchSize"));
        Assert.Contains(problems, p => p.Contains("Events:PollInterval"));
        Assert.Contains(problems, p => p.Contains("Events:MaxBackoff"));
    }
}

public sealed class WakeSignalTests
{
    [Fact]
    public async Task A_signal_sent_while_nobody_waits_is_not_lost()
    {
        var signal = new WakeSignal();
        signal.Set();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await signal.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5));

        // Consumed: the next wait lasts until its timeout.
        waited.Restart();
        await signal.WaitAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(150));
    }
}

public sealed class FailureDescriptionTests
{
    [Fact]
    public void Names_the_wrapper_and_the_cause_with_the_causes_message()
    {
        var failure = new InvalidOperationException("saving failed", new TimeoutException("the database did not answer"));
        Assert.Equal("InvalidOperationException (TimeoutException): the database did not answer", EventConsumer<Microsoft.EntityFrameworkCore.DbContext>.Describe(failure));
    }

    [Fact]
    public void Carries_a_problems_code()
    {
        var refused = new Platform.ServiceDefaults.Problems.BusinessRuleException("referral_exhausted", ["No visit left."], "No visit left on the referral.");
        Assert.StartsWith("BusinessRuleException [referral_exhausted]: ", EventConsumer<Microsoft.EntityFrameworkCore.DbContext>.Describe(refused));
    }
}
