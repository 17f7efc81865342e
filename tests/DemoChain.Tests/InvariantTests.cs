using Platform.DemoChain;

namespace DemoChain.Tests;

/// <summary>The rules of DESIGN.md the seeded data must satisfy, on several seeding dates.</summary>
public sealed class InvariantTests
{
    private static void NoOverlaps(IEnumerable<DemoAppointment> appointments, Func<DemoAppointment, Guid> key, string what)
    {
        foreach (var group in appointments.Where(a => a.OccupiesTime).GroupBy(key))
        {
            var sorted = group.OrderBy(a => a.StartsAt).ToList();
            for (var i = 1; i < sorted.Count; i++)
            {
                Assert.True(sorted[i - 1].EndsAt <= sorted[i].StartsAt, $"{what} {group.Key} is double-booked: {sorted[i - 1].Id} and {sorted[i].Id}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(SeedingDates.All), MemberType = typeof(SeedingDates))]
    public void No_practitioner_room_or_client_is_double_booked(string date)
    {
        var chain = SeedingDates.Chain(date);

        NoOverlaps(chain.Appointments, a => a.PractitionerId, "practitioner");
        NoOverlaps(chain.Appointments, a => a.RoomId, "room");
        NoOverlaps(chain.Appointments, a => a.ClientId, "client");
        Assert.Equal(chain.Appointments.Count, chain.Appointments.Select(a => a.Id).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(SeedingDates.All), MemberType = typeof(SeedingDates))]
    public void Shifts_lie_in_opening_hours_at_the_home_location_and_never_overlap(string date)
    {
        var chain = SeedingDates.Chain(date);

        foreach (var shift in chain.Shifts)
        {
            var location = chain.Location(shift.LocationId);
            Assert.Equal(chain.Therapist(shift.PractitionerId).HomeLocationId, location.Id);
            Assert.Contains(location.OpenOn(shift.Date), h => h.Opens <= shift.Start && shift.End <= h.Closes);
            Assert.Equal(shift.EndsAt - shift.StartsAt, shift.End - shift.Start);
        }

        foreach (var group in chain.Shifts.GroupBy(s => s.PractitionerId))
        {
            var sorted = group.OrderBy(s => s.StartsAt).ToList();
            Assert.All(sorted.Zip(sorted.Skip(1)), pair => Assert.True(pair.First.EndsAt <= pair.Second.StartsAt));
        }

        Assert.Equal(chain.FirstShiftDay, chain.Shifts.Min(s => s.Date));
        Assert.True(chain.Shifts.Max(s => s.Date) > chain.LastAppointmentDay, "shifts continue after the last appointment, so there is availability to book");
    }

    [Theory]
    [MemberData(nameof(SeedingDates.All), MemberType = typeof(SeedingDates))]
    public void Every_appointment_is_inside_a_shift_in_a_room_of_its_location_for_a_bookable_client_and_eligible_practitioner(string date)
    {
        var chain = SeedingDates.Chain(date);
        var shifts = chain.Shifts.ToLookup(s => s.PractitionerId);
        var clients = chain.Clients.ToDictionary(c => c.Id);

        foreach (var a in chain.Appointments)
        {
            var location = chain.Location(a.LocationId);
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(a.StartsAt, location.Zone).DateTime);
            Assert.Contains(location.Rooms, r => r.Id == a.RoomId);
            Assert.Contains(shifts[a.PractitionerId], s => s.LocationId == a.LocationId && s.StartsAt <= a.StartsAt && a.EndsAt <= s.EndsAt);
            Assert.InRange(day, chain.FirstAppointmentDay, chain.LastAppointmentDay);
            int[] lengths = a.Service switch
            {
                DemoVocabulary.Treatment30 => [30],
                DemoVocabulary.Treatment60 => [60],
                DemoVocabulary.Treatment90 => [90],
                _ => [60, 90],
            };
            Assert.Contains((int)(a.EndsAt - a.StartsAt).TotalMinutes, lengths);
            Assert.False(clients[a.ClientId].IsBlocked, $"client {a.ClientId} is blocked but booked");
            Assert.True(a.CreatedAt < a.StartsAt && a.CreatedAt < chain.StartOfToday && a.CreatedAt > clients[a.ClientId].RegisteredAt);

            var therapist = chain.Therapist(a.PractitionerId);
            if (!a.OccupiesTime) continue;
            // Eligible on the day as things stood then; the one exception is the therapist suspended yesterday,
            // whose future appointments were booked before and are now at risk.
            var atRisk = therapist.Id == DemoIdentities.SuspendedPractitionerId && day >= chain.Today;
            Assert.True(therapist.IsEligible(day, a.Technique) || atRisk, $"{therapist.Id} not eligible on {day} for {a.Technique}");
        }
    }

    [Theory]
    [MemberData(nameof(SeedingDates.All), MemberType = typeof(SeedingDates))]
    public void Past_appointments_are_finished_and_future_ones_booked_or_cancelled(string date)
    {
        var chain = SeedingDates.Chain(date);

        foreach (var a in chain.Appointments)
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(a.StartsAt, chain.Location(a.LocationId).Zone).DateTime);
            if (day < chain.Today) Assert.Contains(a.Status, new[] { DemoVocabulary.Completed, DemoVocabulary.NoShow, DemoVocabulary.Cancelled });
            else Assert.Contains(a.Status, new[] { DemoVocabulary.Booked, DemoVocabulary.Cancelled });
            Assert.Equal(a.Status == DemoVocabulary.Cancelled, a.CancellationReason is not null);
            Assert.True(a.StatusChangedAt >= a.CreatedAt);
        }

        // Suspended yesterday: future appointments remain booked, at risk (what HQ's at-risk view shows).
        Assert.Contains(chain.Appointments, a => a.PractitionerId == DemoIdentities.SuspendedPractitionerId && a.Status == DemoVocabulary.Booked);
    }

    [Theory]
    [MemberData(nameof(SeedingDates.All), MemberType = typeof(SeedingDates))]
    public void Referral_visit_counts_match_the_appointments_and_never_exceed_what_was_authorized(string date)
    {
        var chain = SeedingDates.Chain(date);
        var byReferral = chain.Appointments.Where(a => a.ReferralId is not null).ToLookup(a => a.ReferralId!.Value);

        foreach (var r in chain.Referrals)
        {
            var visits = byReferral[r.Id].ToList();
            Assert.Equal(visits.Count(a => a.Status == DemoVocabulary.Completed), r.VisitsUsed);
            Assert.Equal(visits.Count(a => a.Status == DemoVocabulary.Booked), r.VisitsHeld);
            Assert.True(r.VisitsUsed + r.VisitsHeld <= r.AuthorizedVisits, $"referral {r.Id}: used {r.VisitsUsed} + held {r.VisitsHeld} > {r.AuthorizedVisits}");
            Assert.True(r.StartDate < r.ExpiresOn);
            Assert.True(r.SubmittedAt < chain.StartOfToday && (r.DecidedAt is null || r.SubmittedAt < r.DecidedAt));
            Assert.All(visits, a =>
            {
                Assert.Equal(r.ClientId, a.ClientId);
                var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(a.StartsAt, chain.Location(a.LocationId).Zone).DateTime);
                Assert.InRange(day, r.StartDate, r.ExpiresOn);
                Assert.True(a.CreatedAt > r.DecidedAt);
            });

            switch (r.Status)
            {
                case DemoVocabulary.Submitted:
                    Assert.Null(r.ClientId);
                    Assert.Null(r.DecidedAt);
                    Assert.Empty(visits);
                    break;
                case DemoVocabulary.Rejected:
                    Assert.NotNull(r.RejectionReason);
                    Assert.Empty(visits);
                    break;
                case DemoVocabulary.Active:
                    Assert.NotNull(r.ClientId);
                    Assert.True(r.ExpiresOn >= chain.Today);
                    Assert.True(r.VisitsUsed + r.VisitsHeld < r.AuthorizedVisits, "an active referral has visits left (else Referrals shows it exhausted)");
                    break;
                case DemoVocabulary.Exhausted:
                    Assert.True(r.VisitsUsed > 0);
                    Assert.Equal(r.AuthorizedVisits, r.VisitsUsed);
                    Assert.Equal(0, r.VisitsHeld);
                    break;
                case DemoVocabulary.Expired:
                    Assert.True(r.ExpiresOn < chain.Today);
                    Assert.True(r.VisitsUsed < r.AuthorizedVisits);
                    Assert.Equal(0, r.VisitsHeld);
                    break;
                case DemoVocabulary.ReferralCompleted:
                    Assert.True(r.VisitsUsed > 0);
                    Assert.Equal(0, r.VisitsHeld);
                    break;
                default:
                    Assert.Fail($"unknown status {r.Status}");
                    break;
            }
        }

        // The warnings staff see: some active prescriptions are down to their last two visits.
        Assert.Contains(chain.Referrals, r => r.Status == DemoVocabulary.Active && r.AuthorizedVisits - r.VisitsUsed - r.VisitsHeld <= 2);
    }

    [Fact]
    public void Referrals_carry_real_codes_and_a_consistent_prescription()
    {
        var chain = SeedingDates.Chain("2026-05-13");
        var icd10 = new System.Text.RegularExpressions.Regex(@"^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$");
        string[] cpt = [DemoVocabulary.CptMassage, DemoVocabulary.CptManualTherapy, DemoVocabulary.CptTherapeuticExercise, DemoVocabulary.CptTherapeuticActivities];

        Assert.All(chain.Referrals, r =>
        {
            Assert.All(r.Diagnoses, d => Assert.Matches(icd10, d));
            Assert.All(r.CptCodes, c => Assert.Contains(c, cpt));
            Assert.All(r.BodyRegions, b => Assert.Contains(b, DemoVocabulary.BodyRegions));
            Assert.NotEmpty(r.BodyRegions);
            Assert.InRange(r.FrequencyPerWeek, 1, 3);
            Assert.Contains(r.SessionMinutes, new[] { 30, 60, 90 });
            Assert.Contains(chain.Physicians, p => p.Id == r.PhysicianId);
            Assert.Equal(r.Status == DemoVocabulary.Exhausted ? r.VisitsUsed : r.FrequencyPerWeek * r.DurationWeeks, r.AuthorizedVisits);
        });
        Assert.Equal(300, chain.Referrals.Select(r => r.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public void Physicians_have_valid_unique_npis_and_known_credentials()
    {
        var chain = SeedingDates.Chain("2026-05-13");

        Assert.True(NpiNumbers.IsValid("1234567893")); // DOMAIN.md's example
        Assert.False(NpiNumbers.IsValid("1234567890"));
        Assert.All(chain.Physicians, p =>
        {
            Assert.True(NpiNumbers.IsValid(p.Npi), p.Npi);
            Assert.Contains(p.Credential, DemoVocabulary.PhysicianCredentials);
        });
        Assert.Equal(40, chain.Physicians.Select(p => p.Npi).Distinct().Count());
        Assert.All(chain.Clients.Where(c => c.Clearance is not null), c => Assert.Contains(chain.Physicians, p => p.Npi == c.Clearance!.PhysicianNpi));
    }

    [Fact]
    public void Clients_are_unique_by_name_and_birth_date_and_plausible()
    {
        var chain = SeedingDates.Chain("2026-05-13");

        Assert.Equal(1500, chain.Clients.Select(c => (c.FirstName.ToLowerInvariant(), c.LastName.ToLowerInvariant(), c.DateOfBirth)).Distinct().Count());
        Assert.All(chain.Clients, c =>
        {
            Assert.InRange(c.DateOfBirth, chain.Today.AddYears(-86), chain.Today.AddYears(-21));
            Assert.All(c.Contraindications, code => Assert.Contains(code, DemoVocabulary.Contraindications));
            if (c.Phone is not null) Assert.Matches(@"^\+1[2-9][0-9]{9}$", c.Phone);
            if (c.Email is not null) Assert.Matches(@"^[a-z]+\.[a-z]+[0-9]+@example\.(com|net|org)$", c.Email);
            Assert.True(c.RegisteredAt < chain.StartOfToday);
            Assert.All(c.Consents, consent => Assert.Equal(c.RegisteredAt, consent.SignedAt));
            if (c.Clearance is { } clearance) Assert.True(clearance.ClearedOn < chain.Today);
        });
    }

    [Theory]
    [MemberData(nameof(SeedingDates.All), MemberType = typeof(SeedingDates))]
    public void Every_completed_visit_has_one_signed_note_by_its_practitioner_with_pain_falling_over_a_course(string date)
    {
        var chain = SeedingDates.Chain(date);
        var appointments = chain.Appointments.ToDictionary(a => a.Id);
        string[] techniques = [DemoVocabulary.Swedish, DemoVocabulary.DeepTissue, DemoVocabulary.TriggerPoint, DemoVocabulary.MyofascialRelease,
            DemoVocabulary.Neuromuscular, DemoVocabulary.LymphaticDrainage, DemoVocabulary.Prenatal, DemoVocabulary.Sports];

        Assert.Equal(chain.Notes.Count, chain.Notes.Select(n => n.AppointmentId).Distinct().Count());
        foreach (var note in chain.Notes)
        {
            var a = appointments[note.AppointmentId];
            Assert.Equal(DemoVocabulary.Completed, a.Status);
            Assert.Equal((a.ClientId, a.ReferralId, a.PractitionerId), (note.ClientId, note.ReferralId, note.PractitionerId));
            Assert.True(note.WrittenAt >= a.EndsAt && note.SignedAt > note.WrittenAt);
            Assert.InRange(note.PainBefore, 0, 10);
            Assert.InRange(note.PainAfter, 0, note.PainBefore);
            Assert.Equal(a.Service == DemoVocabulary.InitialAssessment ? DemoVocabulary.NoteInitialAssessment : DemoVocabulary.NoteTreatment, note.Kind);
            if (note.Kind == DemoVocabulary.NoteInitialAssessment)
            {
                Assert.False(string.IsNullOrWhiteSpace(note.Posture));
                Assert.NotEmpty(note.RangeOfMotion);
            }

            Assert.Contains(a.Technique!, note.Techniques);
            Assert.All(note.Techniques, t => Assert.Contains(t, techniques));
            Assert.All(note.BodyRegions, b => Assert.Contains(b, DemoVocabulary.BodyRegions));
            Assert.NotEmpty(note.BodyRegions);
            Assert.All(note.OutcomeMeasures, m => Assert.Contains(m.Instrument, new[] { DemoVocabulary.Odi, DemoVocabulary.Ndi, DemoVocabulary.Fiqr }));
            Assert.All(note.RangeOfMotion, r => Assert.InRange(r.Degrees, 0, DemoVocabulary.NormalRangeOfMotion(r.Joint, r.Movement)));
        }

        foreach (var course in chain.Notes.Where(n => n.ReferralId is not null).GroupBy(n => n.ReferralId))
        {
            var ordered = course.OrderBy(n => n.SignedAt).ToList();
            if (ordered.Count < 3) continue;
            Assert.True(ordered[^1].PainBefore < ordered[0].PainBefore, $"pain does not fall over referral {course.Key}");
            var scores = ordered.SelectMany(n => n.OutcomeMeasures).ToList();
            if (scores.Count >= 2) Assert.True(scores[^1].Score <= scores[0].Score + 2, $"outcome worsens over referral {course.Key}");
        }
    }

    [Fact]
    public void The_well_known_identities_are_what_they_say()
    {
        var chain = SeedingDates.Chain("2026-05-13");

        Assert.Equal(chain.Locations[0].Id, DemoIdentities.FirstLocationId);
        Assert.Equal("US-NY", chain.Location(DemoIdentities.FirstLocationId).Jurisdiction);
        Assert.All(DemoIdentities.ManagerLocationIds, id => Assert.Contains(chain.Locations, l => l.Id == id));
        Assert.Subset(DemoIdentities.ManagerLocationIds.ToHashSet(), DemoIdentities.FrontDeskLocationIds.ToHashSet());

        var therapist = chain.Therapist(DemoIdentities.TherapistPractitionerId);
        Assert.Equal(DemoIdentities.FirstLocationId, therapist.HomeLocationId);
        for (var day = chain.FirstAppointmentDay; day <= chain.LastShiftDay; day = day.AddDays(1))
        {
            Assert.True(therapist.IsEligible(day, DemoVocabulary.LymphaticDrainage), $"not eligible for MLD on {day}");
        }

        Assert.True(therapist.License.ExpiresOn > chain.Today.AddYears(1));
        Assert.Contains(chain.Shifts, s => s.PractitionerId == therapist.Id && s.Date > chain.LastAppointmentDay);
        Assert.Contains(chain.Notes, n => n.PractitionerId == therapist.Id);

        var referrals = chain.Referrals.Where(r => r.PhysicianId == DemoIdentities.PhysicianId).ToList();
        Assert.Equal(DemoVocabulary.ReferralStatuses.Order(), referrals.Select(r => r.Status).Distinct().Order());
        Assert.Contains(referrals, r => r.Status == DemoVocabulary.Active && r.VisitsUsed >= 2);
        Assert.Equal(DemoIdentities.TherapistPractitionerId.ToString(), DemoIdentities.TherapistUserId);
    }

    [Fact]
    public void Each_location_can_treat_with_lymphatic_drainage_today()
    {
        var chain = SeedingDates.Chain("2026-05-13");

        Assert.All(chain.Locations, l =>
            Assert.Contains(chain.Therapists, t => t.HomeLocationId == l.Id && t.IsEligible(chain.Today, DemoVocabulary.LymphaticDrainage)));
    }
}
