using Bogus;
using Bogus.DataSets;

namespace Platform.DemoChain;

/// <summary>Referrals, the appointments that carry them out, and self-paying clients' visits.</summary>
internal sealed partial class ChainBuilder
{
    private const int WellnessClients = 450;

    private static readonly (string Status, int Count)[] ReferralMix =
    [
        (DemoVocabulary.Submitted, 30), (DemoVocabulary.Rejected, 20), (DemoVocabulary.Active, 180),
        (DemoVocabulary.Exhausted, 25), (DemoVocabulary.Expired, 20), (DemoVocabulary.ReferralCompleted, 25),
    ];

    private static readonly string[] RejectionReasons =
    [
        "The prescription is not signed: please send it again with your signature and date.",
        "The diagnosis does not establish medical necessity for massage under the patient's plan; please add the supporting diagnosis.",
        "The patient lives outside our service area; we have forwarded the prescription to a clinic near them.",
        "Duplicate of a prescription we already accepted for this patient.",
    ];

    private static readonly string[] CancellationReasons =
    [
        "Client called in sick.", "Client rescheduled: work conflict.", "Client cancelled: family emergency.",
        "Therapist unavailable: illness.", "Client cancelled: transportation problem.",
    ];

    /// <summary>A referral being planned; becomes a <see cref="DemoReferral"/> once its visits are placed.</summary>
    private sealed class ReferralPlan
    {
        public required int Index { get; init; }
        public required DemoReferral Draft { get; set; }
        public required Condition Condition { get; init; }
        public DemoClient? Client { get; init; }
        public List<DemoAppointment> Appointments { get; } = [];
    }

    /// <summary>Visits of one client for one complaint, in order: a referral's, or a self-paying client's.</summary>
    private sealed record Course(DemoClient Client, Condition Condition, DemoReferral? Referral, bool StartsInWindow, List<DemoAppointment> Appointments);

    private sealed record Visit(
        DemoClient Client, DemoLocation Location, int Minutes, string Service, IReadOnlyList<string> Techniques,
        Guid? ReferralId, Guid? SeriesId, TimeOnly PreferredTime, DateTimeOffset BookedAt, string Key);

    /// <summary>Time already taken, per practitioner, room or client and local day (ids never collide between kinds).</summary>
    private sealed class Occupancy
    {
        private readonly Dictionary<(Guid, DateOnly), List<(DateTimeOffset Start, DateTimeOffset End)>> _taken = [];

        public bool IsFree(Guid id, DateOnly day, DateTimeOffset start, DateTimeOffset end) =>
            !_taken.TryGetValue((id, day), out var taken) || taken.All(t => t.End <= start || end <= t.Start);

        public void Take(Guid id, DateOnly day, DateTimeOffset start, DateTimeOffset end)
        {
            if (!_taken.TryGetValue((id, day), out var taken)) _taken[(id, day)] = taken = [];
            taken.Add((start, end));
        }

        public bool HasAny(Guid id, DateOnly day) => _taken.ContainsKey((id, day));
    }

    private readonly Occupancy _occupancy = new();
    private readonly List<Course> _courses = [];
    private Dictionary<(Guid, DateOnly), DemoShift> _shiftOn = [];
    private ILookup<Guid, DemoTherapist> _therapistsAt = null!;

    /// <summary>
    /// What the booking gates let through: the therapist was eligible on the day (as things stood then), or,
    /// for the therapist suspended yesterday, a future visit booked before the suspension (now at risk).
    /// </summary>
    internal bool CouldBook(DemoTherapist therapist, DateOnly day, string technique) =>
        therapist.IsEligible(day, technique)
        || (therapist.License.Suspension is not null && day >= Today
            && (therapist.License with { Suspension = null }).CoversDay(day)
            && DemoVocabulary.RequiredCertifications(technique).All(c => therapist.Holds(c, day)));

    private void BuildCare()
    {
        _shiftOn = _chain.Shifts.ToDictionary(s => (s.PractitionerId, s.Date));
        _therapistsAt = _chain.Therapists.ToLookup(t => t.HomeLocationId);
        var random = new Randomizer(4404);
        var plans = PlanReferrals(random);
        foreach (var plan in plans.Where(p => p.Client is not null && !p.Client.IsBlocked))
        {
            ScheduleReferral(plan, random);
        }

        ScheduleWellness(plans, random);

        _chain.Referrals = plans.Select(Finish).ToList();
        var referrals = _chain.Referrals.ToDictionary(r => r.Id);
        foreach (var course in _courses.Where(c => c.Referral is not null).ToList())
        {
            _courses[_courses.IndexOf(course)] = course with { Referral = referrals[course.Referral!.Id] };
        }

        _chain.Appointments = plans.SelectMany(p => p.Appointments).Concat(_courses.Where(c => c.Referral is null).SelectMany(c => c.Appointments))
            .OrderBy(a => a.StartsAt).ThenBy(a => a.Id).ToList();
        _chain.Notes = BuildNotes();
    }

    private List<ReferralPlan> PlanReferrals(Randomizer random)
    {
        var faker = FakerWithSeed(4405);
        var statuses = random.Shuffle(ReferralMix.SelectMany(m => Enumerable.Repeat(m.Status, m.Count))).ToList();
        var firstOfStatus = ReferralMix.Select(m => statuses.IndexOf(m.Status)).ToHashSet();
        var taken = new HashSet<Guid>();
        var plans = new List<ReferralPlan>(statuses.Count);
        var weights = Conditions.Prescribed.Select(p => (float)p.Weight).ToArray();
        for (var i = 0; i < statuses.Count; i++)
        {
            var status = statuses[i];
            var physician = firstOfStatus.Contains(i) || random.Bool(0.04f)
                ? _chain.Physicians[0]
                : _chain.Physicians[random.Number(1, _chain.Physicians.Count - 1)];
            var condition = random.WeightedRandom(Conditions.Prescribed.Select(p => p.Condition).ToArray(), weights);
            var frequency = condition.FrequencyPerWeek;
            var weeks = condition.DurationWeeks + random.Number(-1, 1);

            DateOnly start;
            switch (status)
            {
                case DemoVocabulary.Active:
                    start = Today.AddDays(random.Number(-27, 10));
                    // Still running beyond the booked four weeks, so visits remain (Referrals would show a
                    // referral whose every visit is used or held as exhausted).
                    weeks = Math.Max(weeks, (_chain.LastAppointmentDay.DayNumber - start.DayNumber) / 7 + 2);
                    break;
                case DemoVocabulary.Exhausted:
                    start = Today.AddDays(-random.Number(24, 27));
                    weeks = random.Number(2, 3);
                    break;
                case DemoVocabulary.ReferralCompleted:
                    start = Today.AddDays(-random.Number(22, 27));
                    weeks = random.Number(2, 3);
                    break;
                case DemoVocabulary.Expired:
                    start = Today.AddDays(-random.Number(50, 80));
                    break;
                case DemoVocabulary.Submitted:
                    start = Today.AddDays(random.Number(1, 14));
                    break;
                default: // rejected
                    start = Today.AddDays(-random.Number(0, 30));
                    break;
            }

            var expiresOn = status == DemoVocabulary.Expired
                ? Today.AddDays(-random.Number(2, 20))
                : start.AddDays(weeks * 7 + 30);

            // Decided (accepted or rejected) a few days before the course starts; submitted a little before that.
            var decidedAt = DaysAgo(Math.Max(1, Today.DayNumber - start.DayNumber + random.Number(1, 5)), random);
            var submittedAt = status == DemoVocabulary.Submitted
                ? DaysAgo(random.Number(1, 5), random)
                : decidedAt.AddHours(-random.Number(4, 72));

            DemoClient? client = null;
            if (status is not (DemoVocabulary.Submitted or DemoVocabulary.Rejected))
            {
                var candidates = _chain.Clients
                    .Where(c => !taken.Contains(c.Id) && c.RegisteredAt < decidedAt.AddDays(-1)
                                && _chain.Location(c.HomeLocationId).Jurisdiction == physician.Jurisdiction
                                && (status == DemoVocabulary.Active && random.Bool(0.05f) || !c.IsBlocked)
                                && (condition != Conditions.PostSurgical || !c.Contraindications.Contains(DemoVocabulary.Pregnancy)))
                    .ToArray();
                client = random.ArrayElement(candidates);
                taken.Add(client.Id);
            }

            var patient = client is not null
                ? new DemoReferralPatient(client.FirstName, client.LastName, client.DateOfBirth, client.Phone)
                : NewPatient(faker, physician.Jurisdiction);
            var chosen = random.ArrayElements(condition.BodyRegions.ToArray(), random.Number(Math.Min(2, condition.BodyRegions.Count), condition.BodyRegions.Count));
            var regions = condition.BodyRegions.Where(chosen.Contains).ToList();
            var precautions = client?.Clearance is { } clearance
                ? $"Physician clearance on file ({string.Join(", ", client.Contraindications)}): {clearance.Note}"
                : random.Bool(0.3f) ? "Light to moderate pressure at first; stop if symptoms radiate or numbness appears." : null;

            var draft = new DemoReferral(
                DemoIds.For("referral", i), physician.Id, client?.Id, patient, condition.Icd10, condition.CptCodes, regions,
                frequency, weeks, frequency * weeks, condition.SessionMinutes, precautions, start, expiresOn, submittedAt, status,
                status == DemoVocabulary.Rejected ? random.ArrayElement(RejectionReasons) : null,
                status == DemoVocabulary.Submitted ? null : decidedAt,
                $"demo-referral-{i}", 0, 0);
            plans.Add(new ReferralPlan { Index = i, Draft = draft, Condition = condition, Client = client });
        }

        return plans;
    }

    private DemoReferralPatient NewPatient(Faker faker, string jurisdiction)
    {
        var gender = faker.Random.Bool(0.6f) ? Name.Gender.Female : Name.Gender.Male;
        return new DemoReferralPatient(faker.Name.FirstName(gender), faker.Name.LastName(gender),
            Today.AddYears(-faker.Random.Number(25, 80)).AddDays(-faker.Random.Number(0, 364)), Phone(jurisdiction, faker.Random));
    }

    private static IReadOnlyList<DayOfWeek> WeekPattern(int frequency, Randomizer random)
    {
        if (frequency >= 3) return [DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday];
        var first = (DayOfWeek)random.Number(1, 3);
        return frequency == 2 ? [first, first + 3] : [first];
    }

    private void ScheduleReferral(ReferralPlan plan, Randomizer random)
    {
        var referral = plan.Draft;
        var client = plan.Client!;
        var location = _chain.Location(client.HomeLocationId);
        var finishedCourse = referral.Status is DemoVocabulary.Exhausted or DemoVocabulary.ReferralCompleted;
        var from = referral.StartDate > _chain.FirstAppointmentDay ? referral.StartDate : _chain.FirstAppointmentDay;
        var to = Min(referral.ExpiresOn, finishedCourse ? Today.AddDays(-1) : _chain.LastAppointmentDay);
        var wanted = referral.Status == DemoVocabulary.ReferralCompleted
            ? referral.AuthorizedVisits - random.Number(0, 2)
            : referral.AuthorizedVisits;
        var startsInWindow = referral.StartDate >= _chain.FirstAppointmentDay;
        var techniques = TechniquesFor(plan.Condition, client);
        var preferred = new TimeOnly(random.Number(8, 18), random.Bool() ? 0 : 30);
        var bookedAt = referral.DecidedAt!.Value.AddMinutes(30);
        Guid? therapist = null;
        var placed = new List<(DemoAppointment Appointment, DemoTherapist Therapist)>();
        var n = 0;
        foreach (var date in Recurrence(from, to, WeekPattern(referral.FrequencyPerWeek, random)))
        {
            if (placed.Count(p => p.Appointment.Status != DemoVocabulary.Cancelled) >= wanted) break;
            var first = startsInWindow && placed.Count == 0;
            var minutes = first ? (plan.Condition == Conditions.PostSurgical ? 90 : 60) : referral.SessionMinutes;
            var service = first ? DemoVocabulary.InitialAssessment : DemoVocabulary.TreatmentService(referral.SessionMinutes);
            var visit = new Visit(client, location, minutes, service, techniques, referral.Id, DemoIds.For($"referral/{plan.Index}/series"),
                preferred, bookedAt, $"referral/{plan.Index}/visit/{n++}");
            var appointment = PlaceNear(visit, date, to, therapist, random,
                status: finishedCourse && referral.Status == DemoVocabulary.Exhausted ? DemoVocabulary.Completed : null);
            if (appointment is null) continue;
            therapist = appointment.PractitionerId;
            placed.Add((appointment, _chain.Therapist(appointment.PractitionerId)));
        }

        plan.Appointments.AddRange(placed.Select(p => p.Appointment));
        _courses.Add(new Course(client, plan.Condition, referral, startsInWindow, plan.Appointments));
    }

    private static IReadOnlyList<string> TechniquesFor(Condition condition, DemoClient client) =>
        client.Contraindications.Contains(DemoVocabulary.Pregnancy)
            ? [DemoVocabulary.Prenatal, DemoVocabulary.Swedish]
            : condition.Techniques;

    private static IEnumerable<DateOnly> Recurrence(DateOnly from, DateOnly to, IReadOnlyList<DayOfWeek> days)
    {
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            if (days.Contains(date.DayOfWeek)) yield return date;
        }
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    /// <summary>Self-paying clients who come every one, two or four weeks for a 30, 60 or 90-minute treatment.</summary>
    private void ScheduleWellness(List<ReferralPlan> plans, Randomizer random)
    {
        var referred = plans.Where(p => p.Client is not null).Select(p => p.Client!.Id).ToHashSet();
        var cutoff = new DateTimeOffset(_chain.FirstAppointmentDay.AddDays(-7).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var candidates = _chain.Clients.Where(c => !referred.Contains(c.Id) && !c.IsBlocked && c.RegisteredAt < cutoff).ToArray();
        var indexOf = _chain.Clients.Select((client, index) => (client.Id, index)).ToDictionary(x => x.Id, x => x.index);
        foreach (var client in random.ArrayElements(candidates, WellnessClients).OrderBy(c => indexOf[c.Id]))
        {
            var c = indexOf[client.Id];
            var location = _chain.Location(client.HomeLocationId);
            var condition = random.ArrayElement(Conditions.Wellness.ToArray());
            var cadence = random.WeightedRandom(new[] { 7, 14, 28 }, [0.2f, 0.45f, 0.35f]);
            var minutes = random.WeightedRandom(new[] { 60, 90, 30 }, [0.7f, 0.2f, 0.1f]);
            var techniques = client.Contraindications.Contains(DemoVocabulary.Pregnancy)
                ? [DemoVocabulary.Prenatal, DemoVocabulary.Swedish]
                : new[] { random.ArrayElement(new[] { DemoVocabulary.Swedish, DemoVocabulary.DeepTissue, DemoVocabulary.Sports }), DemoVocabulary.Swedish };
            var preferred = new TimeOnly(random.Number(8, 18), random.Bool() ? 0 : 30);
            var appointments = new List<DemoAppointment>();
            Guid? therapist = null;
            var n = 0;
            for (var date = _chain.FirstAppointmentDay.AddDays(random.Number(0, cadence - 1)); date <= _chain.LastAppointmentDay; date = date.AddDays(cadence))
            {
                var bookedAt = Earliest(DaysAgo(Math.Max(1, Today.DayNumber - date.DayNumber + random.Number(2, 20)), random), _chain.StartOfToday.AddDays(-1));
                if (bookedAt <= client.RegisteredAt) bookedAt = client.RegisteredAt.AddHours(1);
                var visit = new Visit(client, location, minutes, DemoVocabulary.TreatmentService(minutes), techniques, null, null, preferred, bookedAt,
                    $"client/{c}/visit/{n++}");
                var appointment = PlaceNear(visit, date, Min(date.AddDays(Math.Min(cadence, 7) - 1), _chain.LastAppointmentDay), therapist, random, status: null);
                if (appointment is null) continue;
                therapist = appointment.PractitionerId;
                appointments.Add(appointment);
            }

            _courses.Add(new Course(client, condition, null, true, appointments));
        }
    }

    /// <summary>Books a visit on <paramref name="date"/>, or failing that on one of the next two days up to <paramref name="last"/>.</summary>
    private DemoAppointment? PlaceNear(Visit visit, DateOnly date, DateOnly last, Guid? preferredTherapist, Randomizer random, string? status)
    {
        for (var day = date; day <= last && day <= date.AddDays(2); day = day.AddDays(1))
        {
            if (_occupancy.HasAny(visit.Client.Id, day)) continue;
            var appointment = Place(visit, day, preferredTherapist, random, status);
            if (appointment is not null) return appointment;
        }

        return null;
    }

    /// <summary>
    /// The first free combination for the visit on a day: technique in order of preference, the client's usual
    /// therapist first, start times nearest the client's preferred time, the first free room. Respects shifts
    /// (and so opening hours), eligibility and every overlap rule.
    /// </summary>
    private DemoAppointment? Place(Visit visit, DateOnly day, Guid? preferredTherapist, Randomizer random, string? status)
    {
        var zone = visit.Location.Zone;
        var length = TimeSpan.FromMinutes(visit.Minutes);
        var therapists = random.Shuffle(_therapistsAt[visit.Location.Id]).OrderBy(t => t.Id == preferredTherapist ? 0 : 1).ToList();
        foreach (var technique in visit.Techniques)
        {
            foreach (var therapist in therapists)
            {
                if (!_shiftOn.TryGetValue((therapist.Id, day), out var shift) || !CouldBook(therapist, day, technique)) continue;
                var starts = new List<TimeOnly>();
                for (var t = shift.Start; t.Add(length) <= shift.End && t.Add(length) > t; t = t.AddMinutes(30)) starts.Add(t);
                foreach (var local in starts.OrderBy(t => Math.Abs((t - visit.PreferredTime).TotalMinutes)).ThenBy(t => t))
                {
                    var start = Instant(day, local, zone);
                    var end = start + length;
                    if (!_occupancy.IsFree(therapist.Id, day, start, end) || !_occupancy.IsFree(visit.Client.Id, day, start, end)) continue;
                    var room = visit.Location.Rooms.FirstOrDefault(r => _occupancy.IsFree(r.Id, day, start, end));
                    if (room is null) continue;
                    _occupancy.Take(therapist.Id, day, start, end);
                    _occupancy.Take(visit.Client.Id, day, start, end);
                    _occupancy.Take(room.Id, day, start, end);
                    return Appointment(visit, day, therapist, room, start, end, technique, random, status);
                }
            }
        }

        return null;
    }

    /// <summary>The appointment as it stands today: past ones completed, a few no-shows and cancellations; future ones booked, a few cancelled.</summary>
    private DemoAppointment Appointment(
        Visit visit, DateOnly day, DemoTherapist therapist, DemoRoom room, DateTimeOffset start, DateTimeOffset end, string technique, Randomizer random, string? status)
    {
        var bookedAt = visit.BookedAt < start ? visit.BookedAt : start.AddDays(-1);
        var roll = random.Double();
        status ??= day < Today
            ? roll < 0.04 ? DemoVocabulary.NoShow : roll < 0.11 ? DemoVocabulary.Cancelled : DemoVocabulary.Completed
            : roll < 0.05 ? DemoVocabulary.Cancelled : DemoVocabulary.Booked;
        var changedAt = status switch
        {
            DemoVocabulary.Completed => end.AddMinutes(random.Number(1, 10)),
            DemoVocabulary.NoShow => start.AddMinutes(15),
            DemoVocabulary.Cancelled => Earliest(start.AddHours(-random.Number(2, 48)), _chain.StartOfToday.AddHours(-random.Number(1, 12))) is var at && at > bookedAt
                ? at
                : bookedAt.AddMinutes(30),
            _ => bookedAt,
        };
        return new DemoAppointment(DemoIds.For(visit.Key), visit.Client.Id, therapist.Id, visit.Location.Id, room.Id, start, end, visit.Service,
            visit.ReferralId, technique, status, status == DemoVocabulary.Cancelled ? random.ArrayElement(CancellationReasons) : null,
            visit.SeriesId, bookedAt, changedAt);
    }

    /// <summary>The referral with its visit counts: used = completed appointments, held = booked ones.</summary>
    private static DemoReferral Finish(ReferralPlan plan)
    {
        var used = plan.Appointments.Count(a => a.Status == DemoVocabulary.Completed);
        var held = plan.Appointments.Count(a => a.Status == DemoVocabulary.Booked);
        var referral = plan.Draft with { VisitsUsed = used, VisitsHeld = held };
        // An exhausted prescription has had every authorized visit; if fewer could be placed, fewer were authorized.
        return referral.Status == DemoVocabulary.Exhausted ? referral with { AuthorizedVisits = used } : referral;
    }
}
