extern alias IdentityApi;

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using OpenIddict.Server;

namespace Events.Tests;

/// <summary>
/// Publishers and consumers of one test, each a real process with its own database on the shared test
/// cluster. The publisher's subscribers are consumers addressed by service name through service discovery
/// (<c>services:{name}:grpc:0</c>), as the AppHost wires real services. Everything is stopped and dropped at the end.
/// </summary>
public sealed class EventsWorld : IAsyncDisposable
{
    public const string EventName = "CounterIncremented";

    /// <summary>Short retry times, so retries and recoveries happen within a test.</summary>
    private static readonly Dictionary<string, string> FastDelivery = new()
    {
        ["Events:InitialBackoff"] = "00:00:00.200",
        ["Events:MaxBackoff"] = "00:00:01",
        ["Events:PollInterval"] = "00:00:01",
        ["Events:MetricsInterval"] = "00:00:00.200",
    };

    private readonly PostgresCluster _cluster;
    private readonly List<string> _databases = [];
    private readonly List<AppProcess> _apps = [];
    private readonly Dictionary<string, int> _consumerPorts = [];

    /// <summary>
    /// One real identity service for every world of the test run (started on first use): consumers validate its
    /// tokens, and publishers get theirs from it as the client <see cref="PublisherClient"/>, as services do in the AppHost.
    /// </summary>
    private static readonly Lazy<Task<EventsIdentity>> SharedIdentity = new(EventsIdentity.StartAsync);

    public const string PublisherClient = "events-publisher";

    private readonly EventsIdentity _identity;

    private EventsWorld(PostgresCluster cluster, EventsIdentity identity) => (_cluster, _identity) = (cluster, identity);

    public static async Task<EventsWorld> CreateAsync() => new(await PostgresCluster.GetAsync(), await SharedIdentity.Value);

    public async Task<Database> CreateDatabaseAsync(string hint)
    {
        var name = await _cluster.CreateDatabaseAsync(hint);
        _databases.Add(name);
        return new Database(_cluster.ConnectionStringFor(name));
    }

    /// <summary>The gRPC port a consumer service listens on, fixed before it starts so publishers can be told.</summary>
    public int ConsumerPort(string service)
    {
        if (!_consumerPorts.TryGetValue(service, out var port)) _consumerPorts[service] = port = PostgresCluster.FreePort();
        return port;
    }

    /// <summary>The usual setup: a publisher whose events go to one service named "consumer", each on its own database.</summary>
    public async Task<Pair> StartPairAsync(IReadOnlyDictionary<string, string>? publisherSettings = null, IReadOnlyDictionary<string, string>? consumerSettings = null)
    {
        var publisherDb = await CreateDatabaseAsync("publisher");
        var consumerDb = await CreateDatabaseAsync("consumer");
        var consumer = await StartConsumerAsync("consumer", consumerDb, consumerSettings);
        var publisher = await StartPublisherAsync(publisherDb, ["consumer"], publisherSettings);
        return new Pair(publisherDb, consumerDb, publisher, consumer);
    }

    public sealed record Pair(Database PublisherDb, Database ConsumerDb, AppProcess Publisher, AppProcess Consumer);

    /// <summary>A publisher whose <see cref="EventName"/> goes to <paramref name="subscribers"/>.</summary>
    public async Task<AppProcess> StartPublisherAsync(Database database, string[] subscribers, IReadOnlyDictionary<string, string>? settings = null, string name = "publisher")
    {
        var app = StartPublisher(database, subscribers, settings, name);
        await app.WaitHealthyAsync();
        return app;
    }

    public AppProcess StartPublisher(Database database, string[] subscribers, IReadOnlyDictionary<string, string>? settings = null, string name = "publisher")
    {
        var all = new Dictionary<string, string>(FastDelivery)
        {
            ["ConnectionStrings:publisherdb"] = database.ConnectionString,
            [$"Events:Subscriptions:{EventName}"] = string.Join(',', subscribers),
        };
        foreach (var (key, value) in _identity.Settings(PublisherClient)) all[key] = value;
        foreach (var subscriber in subscribers) all[$"services:{subscriber}:grpc:0"] = $"http://127.0.0.1:{ConsumerPort(subscriber)}";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        return Track(AppProcess.Start(name, "Events.TestPublisher", PostgresCluster.FreePort(), PostgresCluster.FreePort(), all));
    }

    /// <summary>A consumer service named <paramref name="service"/>, on the port its publishers were given.</summary>
    public async Task<AppProcess> StartConsumerAsync(string service, Database database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(FastDelivery) { ["ConnectionStrings:consumerdb"] = database.ConnectionString };
        foreach (var (key, value) in _identity.Settings()) all[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        var app = Track(AppProcess.Start(service, "Events.TestConsumer", PostgresCluster.FreePort(), ConsumerPort(service), all));
        await app.WaitHealthyAsync();
        return app;
    }

    private AppProcess Track(AppProcess app)
    {
        _apps.Add(app);
        return app;
    }

    /// <summary>Processes' last output lines, for failure messages.</summary>
    public string Logs() => string.Join(Environment.NewLine, _apps.Select(a => $"--- {a.Name} (pid {a.ProcessId}) ---{Environment.NewLine}{a.Output}"));

    /// <summary>Polls until the condition holds; fails with the apps' output when it does not in time.</summary>
    public async Task EventuallyAsync(string what, Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting until {what}.{Environment.NewLine}{Logs()}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        foreach (var database in _databases) await _cluster.DropDatabaseAsync(database);
    }
}

/// <summary>The real identity service the test apps trust and get service tokens from.</summary>
public sealed class EventsIdentity : RealIdentity<IdentityApi::Program>
{
    public override SigningCredentials SigningCredentials =>
        GetService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials.First();

    public static async Task<EventsIdentity> StartAsync()
    {
        var identity = new EventsIdentity();
        await identity.InitializeAsync();
        return identity;
    }
}

/// <summary>SQL against one test database.</summary>
public sealed record Database(string ConnectionString)
{
    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T));
    }

    public async Task<List<T>> ListAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>What the test apps answer over HTTP.</summary>
public static class TestApps
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Published(Guid EventId, long Value);

    public sealed record ConsumerStats(
        int ReceivedTotal, int ReceivedDistinct, int MaxReceivesOfOneEvent, int ConcurrentDuplicates, int CallsInFlight,
        Dictionary<string, int> ByDispatcher, int Applied, int Duplicates, int Failed);

    public sealed record PublisherMetrics(Dictionary<string, long> Pending, Dictionary<string, long> Failures, long LatencyCount, double LatencyMaxSeconds);

    /// <summary>Increments a counter on the publisher: one state change and its event in one transaction.</summary>
    public static async Task<Published> IncrementAsync(this AppProcess publisher, Guid counter, string via = "ef", bool poison = false)
    {
        using var response = await publisher.Http.PostAsync($"/counters/{counter}/increment?via={via}&poison={poison}", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Publishing failed: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<Published>(body, Json)!;
    }

    public static async Task<ConsumerStats> StatsAsync(this AppProcess consumer) =>
        (await consumer.Http.GetFromJsonAsync<ConsumerStats>("/stats", Json))!;

    public static async Task<PublisherMetrics> MetricsAsync(this AppProcess publisher) =>
        (await publisher.Http.GetFromJsonAsync<PublisherMetrics>("/metrics-snapshot", Json))!;

    public static async Task<DateTimeOffset[]> AttemptsAsync(this AppProcess consumer, Guid eventId) =>
        (await consumer.Http.GetFromJsonAsync<DateTimeOffset[]>($"/attempts/{eventId}", Json))!;

    /// <summary>Rows the consumer's handler wrote, in the order it applied them.</summary>
    public static Task<List<AppliedRow>> AppliedAsync(this Database consumerDb) =>
        consumerDb.ListAsync("SELECT event_id, counter_id, value, sequence, trace_id FROM applied_events ORDER BY id",
            r => new AppliedRow(r.GetGuid(0), r.GetGuid(1), r.GetInt64(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4)));

    public static Task<long> AppliedCountAsync(this Database consumerDb) => consumerDb.ScalarAsync<long>("SELECT count(*) FROM applied_events");

    public static Task<long> PendingAsync(this Database publisherDb, string subscriber) =>
        publisherDb.ScalarAsync<long>("SELECT count(*) FROM outbox_deliveries WHERE subscriber = $1 AND delivered_at IS NULL", subscriber);

    /// <summary>
    /// Every published event was applied exactly once, and each counter's events were applied in the
    /// order their transactions committed: sequences 1, 2, 3... and each value equal to its sequence.
    /// </summary>
    public static async Task AssertAppliedExactlyOnceInOrderAsync(this Database consumerDb, IReadOnlyCollection<Published> published)
    {
        var applied = await consumerDb.AppliedAsync();
        Assert.Equal(published.Count, applied.Count);
        Assert.Equal(published.Select(p => p.EventId).Order(), applied.Select(a => a.EventId).Order());
        Assert.Equal(applied.Count, await consumerDb.ScalarAsync<long>("SELECT count(*) FROM inbox_events"));
        foreach (var counter in applied.GroupBy(a => a.CounterId))
        {
            Assert.Equal(Enumerable.Range(1, counter.Count()).Select(i => (long)i), counter.Select(a => a.Sequence));
            Assert.All(counter, a => Assert.Equal(a.Sequence, a.Value));
        }
    }

    public sealed record AppliedRow(Guid EventId, Guid CounterId, long Value, long Sequence, string? TraceId);
}
