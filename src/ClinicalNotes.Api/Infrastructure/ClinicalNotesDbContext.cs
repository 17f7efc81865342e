using ClinicalNotes.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Events;

namespace ClinicalNotes.Api.Infrastructure;

public sealed class ClinicalNotesDbContext(DbContextOptions<ClinicalNotesDbContext> options) : DbContext(options)
{
    public DbSet<ClinicalNote> Notes => Set<ClinicalNote>();
    public DbSet<Addendum> Addenda => Set<Addendum>();
    public DbSet<NoteAccess> AccessLog => Set<NoteAccess>();
    public DbSet<NoteChain> Chains => Set<NoteChain>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ClinicalNotesDbContext).Assembly);
        modelBuilder.AddOutbox();
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running service or database.</summary>
internal sealed class ClinicalNotesDbContextDesignTimeFactory : IDesignTimeDbContextFactory<ClinicalNotesDbContext>
{
    public ClinicalNotesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ClinicalNotesDbContext>().UseNpgsql("Host=localhost;Database=notesdb").UsePlatformConventions().Options);
}
