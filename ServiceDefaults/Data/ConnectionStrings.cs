using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Platform.ServiceDefaults.Data;

public static class ConnectionStrings
{
    /// <summary>The connection string, or a startup error that names the key and how to set it.</summary>
    public static string Require(IConfiguration configuration, string connectionName)
    {
        var value = configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"Missing connection string 'ConnectionStrings:{connectionName}'. Set the environment variable " +
                $"ConnectionStrings__{connectionName} (for example Host=127.0.0.1;Port=5432;Database={connectionName};Username=postgres;Password=...), " +
                "or start the platform with 'dotnet run --project AppHost', which sets it for every service.");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(value);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw new InvalidOperationException(
                $"Connection string 'ConnectionStrings:{connectionName}' is not a valid PostgreSQL connection string ({ex.Message}). " +
                "Expected key=value pairs such as Host=127.0.0.1;Port=5432;Database=...;Username=...;Password=...");
        }

        return value;
    }

    /// <summary>Host, port and database of a connection string, never the password: safe for logs and errors.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"Host={b.Host};Port={b.Port};Database={b.Database};Username={b.Username}";
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string)";
        }
    }
}
