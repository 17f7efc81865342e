using Npgsql;

namespace AppHost.Hosting;

/// <summary>
/// The PostgreSQL server every service's database lives in: an embedded cluster the AppHost starts
/// itself, or, when <c>ConnectionStrings:postgres</c> is given, that existing server (nothing started).
/// </summary>
public sealed class PostgresServerResource : Resource, IResourceWithConnectionString
{
    private readonly List<PostgresDatabaseResource> _databases = [];

    internal PostgresServerResource(string name, EmbeddedPostgres? embedded, string connectionString) : base(name)
    {
        Embedded = embedded;
        ConnectionString = connectionString;
    }

    /// <summary>Null when the AppHost uses an external server.</summary>
    public EmbeddedPostgres? Embedded { get; }

    public string ConnectionString { get; }

    public IReadOnlyList<PostgresDatabaseResource> Databases => _databases;

    internal void AddDatabase(PostgresDatabaseResource database) => _databases.Add(database);

    public override string Describe()
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return Embedded is null
            ? $"external Host={b.Host};Port={b.Port};Username={b.Username}"
            : $"Host={b.Host};Port={b.Port};Username={b.Username};Password={b.Password}";
    }
}

/// <summary>One service's database; its connection string is the server's with the database name set.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource server)
    : Resource(name), IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;
    public PostgresServerResource Server { get; } = server;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Database = DatabaseName }.ConnectionString;

    public override string Describe() => $"Database={DatabaseName}";
}

public static class PostgresBuilderExtensions
{
    public static ResourceBuilder<PostgresDatabaseResource> AddDatabase(this ResourceBuilder<PostgresServerResource> server, string name)
    {
        var database = new PostgresDatabaseResource(name, server.ApplicationBuilder.Options.DatabasePrefix + name, server.Resource);
        server.Resource.AddDatabase(database);
        var builder = server.ApplicationBuilder.AddResource(database);
        builder.WaitFor(server);
        return builder;
    }
}
