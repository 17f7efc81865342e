using Microsoft.Extensions.Options;

namespace Credentials.Api.Infrastructure;

/// <summary>The <c>Eligibility</c> section of the configuration.</summary>
public sealed class EligibilityOptions
{
    public const string Section = "Eligibility";

    /// <summary>Keep practitioners' facts in memory between checks (<see cref="EligibilityFactsCache"/>). On by default.</summary>
    public bool CacheFacts { get; set; } = true;
}

/// <summary>
/// The facts checks are decided on: from <see cref="EligibilityFactsCache"/> when it holds them, otherwise one query
/// for all the missing practitioners (<see cref="EligibilityReader"/>), which are then cached.
/// </summary>
public sealed class EligibilityFacts(EligibilityReader reader, EligibilityFactsCache cache, IOptions<EligibilityOptions> options)
{
    private readonly bool _cacheFacts = options.Value.CacheFacts;

    /// <summary>Facts of the given practitioners that exist (absent from the result: unknown).</summary>
    public async Task<Dictionary<Guid, PractitionerFacts>> ForPractitionersAsync(IReadOnlyCollection<Guid> practitionerIds, CancellationToken cancellationToken)
    {
        if (!_cacheFacts) return await reader.ForPractitionersAsync([.. practitionerIds], cancellationToken);

        var facts = new Dictionary<Guid, PractitionerFacts>(practitionerIds.Count);
        List<Guid>? missing = null;
        foreach (var id in practitionerIds)
        {
            if (cache.TryGet(id, out var cached)) facts[id] = cached;
            else (missing ??= []).Add(id);
        }

        if (missing is null) return facts;

        var generation = cache.Generation;
        var read = await reader.ForPractitionersAsync([.. missing], cancellationToken);
        foreach (var (id, practitioner) in read)
        {
            cache.Store(id, practitioner, generation);
            facts[id] = practitioner;
        }

        // Unknown practitioners are not cached: an id that is registered next must be found at once.
        return facts;
    }
}
