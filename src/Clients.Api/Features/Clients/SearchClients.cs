using Clients.Api.Domain;
using Mediator;
using Npgsql;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Problems;

namespace Clients.Api.Features.Clients;

/// <summary>Finds clients across the whole chain by name prefix, phone or email; keyset-paged.</summary>
public sealed record SearchClients(string? Search, int? Limit, string? Cursor) : IQuery<Page<ClientSummary>>;

/// <summary>A line of a search result: enough to tell two clients apart at the front desk.</summary>
public sealed record ClientSummary(Guid Id, string FirstName, string LastName, DateOnly DateOfBirth, string? Email, string? Phone, Guid HomeLocationId);

/// <summary>Raw SQL on the service's data source (<see cref="SearchSql"/>): this is the hottest read of the service.</summary>
internal sealed class SearchClientsHandler(NpgsqlDataSource dataSource) : IQueryHandler<SearchClients, Page<ClientSummary>>
{
    public async ValueTask<Page<ClientSummary>> Handle(SearchClients query, CancellationToken cancellationToken)
    {
        if (query.Search is { Length: > InputRules.SearchMaxLength })
        {
            throw new InvalidInputException("search", $"At most {InputRules.SearchMaxLength} characters.");
        }

        if (!ClientSearch.TryParse(query.Search, out var search, out var error)) throw new InvalidInputException("search", error);
        var limit = Cursor.Limit(query.Limit);
        var after = Cursor.Decode<SearchSql.Key>(query.Cursor);
        if (after is not null && (after.K is null || after.I == Guid.Empty))
        {
            throw new InvalidInputException("cursor", "The cursor is not one this service issued; start again without it.");
        }

        await using var command = SearchSql.Command(dataSource, search, after, limit + 1);
        var rows = new List<(ClientSummary Client, string SortKey)>(limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((
                new ClientSummary(
                    reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateOnly>(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetGuid(6)),
                reader.GetString(7)));
        }

        var page = Cursor.ToPage(rows, limit, r => new SearchSql.Key(r.SortKey, r.Client.Id));
        return new Page<ClientSummary>(page.Items.Select(r => r.Client).ToList(), page.NextCursor);
    }
}

/// <summary>
/// The search query (the benchmark EXPLAINs this very command). Results are ordered by the name key
/// that matched, then id; the cursor is that pair. A name search unions two ordered index range scans
/// ("last first" and "first last" keys, each stopping after one page) and merges them; a client whose
/// both keys match appears once, under "last first". Plans: bench/Clients.Bench/README.md.
/// </summary>
internal static class SearchSql
{
    private const string Columns = "id, first_name, last_name, date_of_birth, email, phone, home_location_id";

    /// <summary>The keyset cursor: the sort key and id of the last row returned.</summary>
    public sealed record Key(string K, Guid I);

    /// <summary>$1 rows to fetch, $2/$3 the cursor's key and id, $4.. the search values.</summary>
    public static NpgsqlCommand Command(NpgsqlDataSource dataSource, ClientSearch search, Key? after, int rows)
    {
        var command = dataSource.CreateCommand(Text(search, after is not null));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = rows });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after?.K ?? string.Empty });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = after?.I ?? Guid.Empty });
        switch (search)
        {
            case ClientSearch.NamePrefix name:
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name.Prefix });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name.UpperBound });
                break;
            case ClientSearch.Phone phone:
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = phone.E164 });
                break;
            case ClientSearch.Email email:
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = email.Address });
                break;
        }

        return command;
    }

    private static string Text(ClientSearch search, bool hasCursor)
    {
        var after = hasCursor ? " AND (name_last_first, id) > ($2, $3)" : string.Empty;
        var afterFirstLast = hasCursor ? " AND (name_first_last, id) > ($2, $3)" : string.Empty;

        // An exact match (phone, email) finds its few rows first, then sorts them. Materialized, so the
        // planner cannot instead walk the whole name index in order hoping to meet them early.
        string Exact(string where) => $"""
            WITH found AS MATERIALIZED (SELECT {Columns}, name_last_first FROM clients WHERE {where})
            SELECT * FROM found WHERE TRUE{after} ORDER BY name_last_first, id LIMIT $1
            """;

        return search switch
        {
            ClientSearch.NamePrefix => $"""
                SELECT * FROM (
                  (SELECT {Columns}, name_last_first FROM clients
                   WHERE name_last_first >= $4 AND name_last_first < $5{after}
                   ORDER BY name_last_first, id LIMIT $1)
                  UNION ALL
                  (SELECT {Columns}, name_first_last FROM clients
                   WHERE name_first_last >= $4 AND name_first_last < $5
                     AND NOT (name_last_first >= $4 AND name_last_first < $5){afterFirstLast}
                   ORDER BY name_first_last, id LIMIT $1)
                ) AS matches (id, first_name, last_name, date_of_birth, email, phone, home_location_id, sort_key)
                ORDER BY sort_key, id LIMIT $1
                """,
            ClientSearch.Phone => Exact("phone = $4"),
            ClientSearch.Email => Exact("lower(email) = lower($4)"),
            _ => $"SELECT {Columns}, name_last_first FROM clients WHERE TRUE{after} ORDER BY name_last_first, id LIMIT $1",
        };
    }
}
