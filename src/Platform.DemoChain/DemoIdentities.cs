namespace Platform.DemoChain;

/// <summary>
/// The demo chain's well-known identities, for demo users, walkthroughs and tests. They are name-based ids
/// (<see cref="DemoIds"/>), so they are the same on every run and seeding date; the chain guarantees what
/// each one is (DemoChain.Tests checks it).
/// </summary>
public static class DemoIdentities
{
    /// <summary>Midtown Manhattan (US-NY, America/New_York): the first location.</summary>
    public static readonly Guid FirstLocationId = DemoIds.For("location", 0);

    /// <summary>The locations a demo front-desk user works at: the first location.</summary>
    public static readonly IReadOnlyList<Guid> FrontDeskLocationIds = [FirstLocationId];

    /// <summary>The locations a demo clinic manager manages: the Manhattan pair (Midtown, Upper West Side).</summary>
    public static readonly IReadOnlyList<Guid> ManagerLocationIds = [FirstLocationId, DemoIds.For("location", 1)];

    /// <summary>
    /// A therapist at the first location, eligible on every day of the demo window: active, verified US-NY
    /// licence valid for more than a year, NCBTMB and MLD certified (may treat with lymphatic drainage).
    /// </summary>
    public static readonly Guid TherapistPractitionerId = DemoIds.For("therapist", 0);

    /// <summary>The one therapist whose licence is suspended (since the day before seeding), with future appointments now at risk.</summary>
    public static readonly Guid SuspendedPractitionerId = DemoIds.For("therapist", ChainBuilder.SuspendedTherapist);

    /// <summary>A New York physician with referrals in every lifecycle state.</summary>
    public static readonly Guid PhysicianId = DemoIds.For("physician", 0);

    /// <summary>The user id (token subject) a practitioner acts as: notes record it as author and signer.</summary>
    public static string UserIdOf(Guid practitionerId) => practitionerId.ToString();

    /// <summary>The user id the demo therapist acts as (<see cref="TherapistPractitionerId"/>).</summary>
    public static readonly string TherapistUserId = UserIdOf(TherapistPractitionerId);

    /// <summary>Who the seeders record as having done what they write (audit trails, created-by).</summary>
    public const string SeedUserId = "demo-seed";

    /// <summary>Who the demo chain records as having verified licences with the boards.</summary>
    public const string ComplianceUserId = "demo-hq-compliance";
}
