using System.Text;
using Npgsql;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Problems;

namespace Scheduling.Api.Infrastructure;

/// <summary>The keyset of lists in time order: a row's start, then its id.</summary>
public sealed record StartKey(DateTimeOffset Start, Guid Id);

/// <summary>
/// A list of rows in start order (<c>starts_at</c>, <c>id</c>) with optional equality filters and local
/// dates: <c>from</c>/<c>to</c> are inclusive dates at each row's own location (<c>l.time_zone</c>), so a
/// list across zones means what each location's front desk would mean. Keyset paging.
/// </summary>
/// <param name="from">Select list and joins, for example <c>SELECT ... FROM shifts s JOIN locations l ON l.id = s.location_id</c>.</param>
/// <param name="alias">The alias of the listed table.</param>
internal sealed class ListQuery(string from, string alias)
{
    private readonly StringBuilder _where = new(" WHERE true");
    private readonly List<object> _values = [];

    public ListQuery Equal(string column, object? value)
    {
        if (value is not null) _where.Append($" AND {alias}.{column} = {Parameter(value)}");
        return this;
    }

    /// <summary>Rows whose <paramref name="column"/> is one of <paramref name="values"/>; no filter when null (none: no rows).</summary>
    public ListQuery In(string column, IReadOnlyList<Guid>? values)
    {
        if (values is not null) _where.Append($" AND {alias}.{column} = ANY({Parameter(values.ToArray())})");
        return this;
    }

    public ListQuery LocalDates(DateOnly? fromDate, DateOnly? toDate)
    {
        if (fromDate > toDate) throw new InvalidInputException("to", "Must be on or after from.");
        // A coarse instant bound for the index (no zone is more than a day from UTC), then the exact local date.
        if (fromDate is { } first)
        {
            _where.Append($" AND {alias}.starts_at >= {Parameter(DayStartUtc(first).AddDays(-1))}");
            _where.Append($" AND ({alias}.starts_at AT TIME ZONE l.time_zone)::date >= {Parameter(first)}");
        }

        if (toDate is { } last)
        {
            _where.Append($" AND {alias}.starts_at < {Parameter(DayStartUtc(last).AddDays(2))}");
            _where.Append($" AND ({alias}.starts_at AT TIME ZONE l.time_zone)::date <= {Parameter(last)}");
        }

        return this;
    }

    /// <summary>Runs the query for one page (after the cursor) and builds the page.</summary>
    public async Task<Page<T>> PageAsync<T>(
        NpgsqlDataSource dataSource, int? limit, string? cursor, Func<NpgsqlDataReader, T> read, Func<T, StartKey> key, CancellationToken cancellationToken)
    {
        var size = Cursor.Limit(limit);
        if (Cursor.Decode<StartKey>(cursor) is { } after)
        {
            _where.Append($" AND ({alias}.starts_at, {alias}.id) > ({Parameter(after.Start.ToUniversalTime())}, {Parameter(after.Id)})");
        }

        await using var command = dataSource.CreateCommand($"{from}{_where} ORDER BY {alias}.starts_at, {alias}.id LIMIT {Parameter(size + 1)}");
        command.Parameters.AddRange(_values.Select(v => new NpgsqlParameter { Value = v }).ToArray());
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return Cursor.ToPage(rows, size, key);
    }

    private string Parameter(object value)
    {
        _values.Add(value);
        return "$" + _values.Count;
    }

    private static DateTimeOffset DayStartUtc(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
