using System.Net;
using System.Text;
using System.Text.Json;
using Bench.Common;
using Clients.Api.Domain;
using Clients.Api.Features.Clients;
using Npgsql;
using Platform.Testing;

namespace Clients.Bench;

/// <summary>
/// Search inputs drawn from the loaded clients, typed as the front desk would: names as stored (with
/// accents, any case), phone numbers formatted, emails in another case. A search is "ok" when it
/// answers 200 and, for a phone or email, finds the client it was drawn from.
/// </summary>
internal sealed class SearchWorkload
{
    public sealed record Kind(string Name, IReadOnlyList<(string Search, Guid? Expected)> Inputs);

    private SearchWorkload(IReadOnlyList<Kind> kinds) => Kinds = kinds;

    public IReadOnlyList<Kind> Kinds { get; }

    public IEnumerable<(string Name, string Search)> Examples => Kinds.Select(k => (k.Name, k.Inputs[0].Search));

    public static async Task<SearchWorkload> SampleAsync(string connectionString)
    {
        var sample = new List<(Guid Id, string First, string Last, string? Email, string? Phone)>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT id, first_name, last_name, email, phone FROM clients TABLESAMPLE SYSTEM (1) REPEATABLE (7) LIMIT 2000", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                sample.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }

        var random = new Random(11);
        string Prefix(string name, int length) => name[..Math.Min(length, name.Length)];
        string Case(string text) => random.Next(3) switch { 0 => text.ToUpperInvariant(), 1 => text.ToLowerInvariant(), _ => text };

        var kinds = new List<Kind>
        {
            new("name prefix, 1 letter", sample.Select(c => (Case(Prefix(c.Last, 1)), (Guid?)null)).ToList()),
            new("name prefix, 2 letters", sample.Select(c => (Case(Prefix(random.Next(2) == 0 ? c.Last : c.First, 2)), (Guid?)null)).ToList()),
            new("name prefix, 3+ letters", sample.Select(c => (Case(Prefix(c.Last, 3 + random.Next(4))), (Guid?)null)).ToList()),
            new("\"first last\"", sample.Select(c => (Case($"{c.First} {Prefix(c.Last, 1 + random.Next(4))}"), (Guid?)null)).ToList()),
            new("phone, formatted", sample.Where(c => c.Phone is not null).Select(c => (FormatPhone(c.Phone!, random), (Guid?)c.Id)).ToList()),
            new("email, other case", sample.Where(c => c.Email is not null).Select(c => (c.Email!.ToUpperInvariant(), (Guid?)c.Id)).ToList()),
        };
        return new SearchWorkload(kinds);
    }

    public async Task<string> SearchAsync(HttpClient http, Kind kind, int iteration, CancellationToken cancellationToken)
    {
        var (search, expected) = kind.Inputs[iteration % kind.Inputs.Count];
        using var response = await http.GetAsync("/api/clients?limit=20&search=" + Uri.EscapeDataString(search), cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK) return ((int)response.StatusCode).ToString();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var items = json.RootElement.GetProperty("items");
        if (items.GetArrayLength() == 0) return "empty";
        if (expected is { } id && !items.EnumerateArray().Any(i => i.GetProperty("id").GetGuid() == id)) return "missing";
        return LoadRunner.Ok;
    }

    /// <summary>EXPLAIN (ANALYZE, BUFFERS) of the command the service runs for this search (first page, 20 rows).</summary>
    public static async Task<string> ExplainAsync(ServiceFactory<Program> service, string text)
    {
        if (!ClientSearch.TryParse(text, out var search, out var error)) return error;
        var dataSource = service.GetService<NpgsqlDataSource>();
        await using var command = SearchSql.Command(dataSource, search, after: null, rows: 21);
        command.CommandText = "EXPLAIN (ANALYZE, BUFFERS) " + command.CommandText;
        var plan = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) plan.AppendLine(reader.GetString(0));
        return plan.ToString().TrimEnd();
    }

    private static string FormatPhone(string e164, Random random)
    {
        var d = e164[2..]; // +1 then 10 digits
        return random.Next(3) switch
        {
            0 => $"({d[..3]}) {d[3..6]}-{d[6..]}",
            1 => $"{d[..3]}.{d[3..6]}.{d[6..]}",
            _ => $"+1 {d[..3]} {d[3..6]} {d[6..]}",
        };
    }
}
