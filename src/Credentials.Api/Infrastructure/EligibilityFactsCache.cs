using System.Collections.Concurrent;

namespace Credentials.Api.Infrastructure;

/// <summary>
/// The eligibility facts (every licence and certificate) of recently checked practitioners, in memory, so the check
/// Scheduling makes on every booking costs no database round trip. Credentials change rarely and are read constantly.
/// <para>
/// Kept true by the database: a trigger on practitioners, licences and certifications sends the practitioner's id on
/// the <see cref="ChangeChannel"/> when a change commits, whoever made it (any replica, a migration, hand-run SQL), and
/// <see cref="CredentialsChangeListener"/> evicts it. This service's own writes also evict right after they commit
/// (<see cref="EligibilityFactsEviction"/>), so a suspension is seen by the next check without waiting for the
/// notification. While the listener is not connected, nothing is cached and nothing is served from the cache.
/// </para>
/// <para>
/// A read that started before a change could otherwise store facts the change has already replaced: every eviction
/// bumps a generation, and facts are stored only when the generation is still the one seen before reading.
/// </para>
/// </summary>
public sealed class EligibilityFactsCache(TimeProvider clock)
{
    public const string ChangeChannel = "credentials_changed";

    /// <summary>The payload that means "forget everyone" (a table was truncated).</summary>
    public const string EveryPractitioner = "*";

    /// <summary>Bounds memory whatever the chain's size; the whole cache is dropped when it is reached.</summary>
    public const int MaxPractitioners = 100_000;

    /// <summary>A second line of defence should a notification ever be lost: no entry outlives this.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private long _generation;
    private volatile bool _trusted;

    /// <summary>Whether the cache is in use: only while changes are being listened to.</summary>
    public bool IsTrusted => _trusted;

    public int Count => _entries.Count;

    /// <summary>To pass back to <see cref="Store"/>: taken before reading from the database.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(Guid practitionerId, out PractitionerFacts facts)
    {
        facts = null!;
        if (!_trusted || !_entries.TryGetValue(practitionerId, out var entry)) return false;
        if (clock.GetUtcNow() - entry.CachedAt > MaxAge)
        {
            _entries.TryRemove(KeyValuePair.Create(practitionerId, entry));
            return false;
        }

        facts = entry.Facts;
        return true;
    }

    /// <summary>Keeps facts read from the database, unless anything was evicted since <paramref name="generationBeforeRead"/>.</summary>
    public void Store(Guid practitionerId, PractitionerFacts facts, long generationBeforeRead)
    {
        if (!_trusted || Generation != generationBeforeRead) return;
        if (_entries.Count >= MaxPractitioners) _entries.Clear();
        _entries[practitionerId] = new Entry(facts, clock.GetUtcNow());
        // An eviction between the check above and the write: it may not have seen this entry, so undo it.
        if (Generation != generationBeforeRead) _entries.TryRemove(practitionerId, out _);
    }

    public void Evict(Guid practitionerId)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(practitionerId, out _);
    }

    public void EvictAll()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <summary>Changes are being listened to from now on: start caching.</summary>
    public void Trust()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
        _trusted = true;
    }

    /// <summary>Changes may go unheard (the listening connection is lost): stop serving and forget everything.</summary>
    public void Distrust()
    {
        _trusted = false;
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private sealed record Entry(PractitionerFacts Facts, DateTimeOffset CachedAt);
}
