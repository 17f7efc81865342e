using System.Collections.Concurrent;

namespace Platform.DemoChain;

/// <summary>
/// A whole clinic chain, generated from a fixed seed for a seeding date (<see cref="Today"/>): the same date
/// always gives the same chain, to the last id and minute, in every service. Dates are relative to
/// <see cref="Today"/> (licences expiring within 30 days, four weeks of past and four weeks of future
/// appointments), so the chain means the same whatever day it is seeded on.
/// </summary>
public sealed class DemoChain
{
    public const int LocationCount = 12;
    public const int TherapistsPerLocation = 5;
    public const int TherapistCount = LocationCount * TherapistsPerLocation;
    public const int PhysicianCount = 40;
    public const int ClientCount = 1500;
    public const int ReferralCount = 300;

    /// <summary>Appointments run from <see cref="Today"/> minus this many days to <see cref="Today"/> plus this many days (exclusive).</summary>
    public const int AppointmentWindowDays = 28;

    /// <summary>Shifts run further ahead than appointments, so there is availability to book into.</summary>
    public const int ShiftDaysAhead = 84;

    private static readonly ConcurrentDictionary<DateOnly, Lazy<DemoChain>> Cache = new();

    internal DemoChain(DateOnly today) => Today = today;

    /// <summary>The seeding date: "now" for everything the chain says about the past and the future.</summary>
    public DateOnly Today { get; }

    /// <summary>An instant safely before anything that happens on <see cref="Today"/>: records "created before seeding" are at or before it.</summary>
    public DateTimeOffset StartOfToday => new(Today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public DateOnly FirstAppointmentDay => Today.AddDays(-AppointmentWindowDays);
    public DateOnly LastAppointmentDay => Today.AddDays(AppointmentWindowDays - 1);
    public DateOnly FirstShiftDay => FirstAppointmentDay;
    public DateOnly LastShiftDay => Today.AddDays(ShiftDaysAhead - 1);

    public IReadOnlyList<DemoLocation> Locations { get; internal set; } = [];
    public IReadOnlyList<DemoTherapist> Therapists { get; internal set; } = [];
    public IReadOnlyList<DemoShift> Shifts { get; internal set; } = [];
    public IReadOnlyList<DemoPhysician> Physicians { get; internal set; } = [];
    public IReadOnlyList<DemoClient> Clients { get; internal set; } = [];
    public IReadOnlyList<DemoReferral> Referrals { get; internal set; } = [];
    public IReadOnlyList<DemoAppointment> Appointments { get; internal set; } = [];
    public IReadOnlyList<DemoNote> Notes { get; internal set; } = [];

    /// <summary>The chain for a seeding date (generated once per process and date; it is immutable).</summary>
    public static DemoChain For(DateOnly today) => Cache.GetOrAdd(today, day => new Lazy<DemoChain>(() => Generate(day))).Value;

    /// <summary>Generates the chain afresh (<see cref="For"/> reuses one).</summary>
    public static DemoChain Generate(DateOnly today) => new ChainBuilder(today).Build();

    public DemoLocation Location(Guid id) => Locations.First(l => l.Id == id);
    public DemoTherapist Therapist(Guid id) => Therapists.First(t => t.Id == id);
}
