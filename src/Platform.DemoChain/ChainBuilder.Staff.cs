using System.Globalization;
using Bogus;
using Bogus.DataSets;

namespace Platform.DemoChain;

internal sealed partial class ChainBuilder
{
    private sealed record Board(string LicenseType, string Name, string VerificationSource, Func<Randomizer, string> Number);

    private static readonly Dictionary<string, Board> Boards = new()
    {
        ["US-NY"] = new("LMT", "New York State Board for Massage Therapy", "NYSED Office of the Professions online license verification",
            r => r.Number(10_000, 45_000).ToString("000000", CultureInfo.InvariantCulture)),
        ["US-NJ"] = new("LMT", "New Jersey Board of Massage and Bodywork Therapy", "NJ Division of Consumer Affairs license verification",
            r => "18KT" + r.Number(100_000, 999_999).ToString("00000000", CultureInfo.InvariantCulture)),
        ["US-CA"] = new("CMT", "California Massage Therapy Council", "CAMTC certificate verification",
            r => r.Number(10_000, 99_999).ToString(CultureInfo.InvariantCulture)),
    };

    // Each therapist's working week: day → local start and end, fixed per therapist.
    private readonly Dictionary<Guid, Dictionary<DayOfWeek, (TimeOnly Start, TimeOnly End)>> _weeks = [];

    private IReadOnlyList<DemoTherapist> BuildTherapists()
    {
        var faker = FakerWithSeed(1101);
        var random = faker.Random;
        var therapists = new List<DemoTherapist>(DemoChain.TherapistCount);
        var usedNumbers = new HashSet<string>();
        for (var t = 0; t < DemoChain.TherapistCount; t++)
        {
            var location = _chain.Locations[t / DemoChain.TherapistsPerLocation];
            var slot = t % DemoChain.TherapistsPerLocation;
            var id = DemoIds.For("therapist", t);
            var gender = random.Bool(0.7f) ? Name.Gender.Female : Name.Gender.Male;
            var first = faker.Name.FirstName(gender);
            var last = faker.Name.LastName(gender);
            var unverified = UnverifiedTherapists.Contains(t);
            var hiredDaysAgo = unverified ? random.Number(3, 20) : random.Number(90, 1400);
            var registeredAt = DaysAgo(hiredDaysAgo, random);
            var hired = DateOnly.FromDateTime(registeredAt.UtcDateTime);

            var board = Boards[location.Jurisdiction];
            string number;
            do number = board.Number(random);
            while (!usedNumbers.Add(location.Jurisdiction + number));

            var issuedOn = unverified ? hired.AddDays(-random.Number(20, 80)) : hired.AddDays(-random.Number(30, 3000));
            var expiresOn = t switch
            {
                0 => Today.AddDays(random.Number(400, 720)),
                _ when ExpiringTherapists.Contains(t) => Today.AddDays(ExpiringInDays[Array.IndexOf(ExpiringTherapists, t)]),
                _ when unverified => issuedOn.AddYears(2),
                _ => Today.AddDays(random.Number(45, 720)),
            };

            var verifications = new List<DemoVerification>();
            if (!unverified)
            {
                verifications.Add(new DemoVerification(DemoIds.For($"therapist/{t}/verification", 0), board.VerificationSource,
                    hired.AddDays(random.Number(0, 4)), DemoVocabulary.Verified, "Licence active and in good standing on the board's register.",
                    DemoIdentities.ComplianceUserId));
                var recheck = Today.AddDays(-random.Number(10, 300));
                if (recheck > verifications[0].VerifiedOn)
                {
                    var discrepancy = t == DiscrepancyTherapist;
                    verifications.Add(new DemoVerification(DemoIds.For($"therapist/{t}/verification", 1), board.VerificationSource,
                        discrepancy ? Today.AddDays(-9) : recheck,
                        discrepancy ? DemoVocabulary.Discrepancy : DemoVocabulary.Verified,
                        discrepancy
                            ? "Board register shows a different expiry date than the licence copy on file; asked the therapist for the renewal notice."
                            : "Annual re-verification: active, no disciplinary actions.",
                        DemoIdentities.ComplianceUserId));
                }
            }

            var suspension = t == SuspendedTherapist
                ? new DemoSuspension(Today.AddDays(-1), "Board order: suspended pending investigation of a practice complaint.")
                : null;
            var license = new DemoLicense(DemoIds.For($"therapist/{t}/license"), location.Jurisdiction, board.LicenseType, number, board.Name,
                issuedOn, expiresOn, verifications, suspension);

            var certifications = new List<DemoCertification>();
            if (t == 0 || random.Bool(0.5f))
            {
                var ncbtmbIssued = Today.AddDays(-random.Number(30, 700));
                certifications.Add(new DemoCertification(DemoIds.For($"therapist/{t}/certification/ncbtmb"), DemoVocabulary.Ncbtmb, ncbtmbIssued, ncbtmbIssued.AddYears(2)));
            }

            if (slot == 0 || random.Bool(0.15f))
            {
                var mldIssued = issuedOn.AddDays(random.Number(60, 900));
                if (mldIssued > Today.AddDays(-30)) mldIssued = Today.AddDays(-30);
                certifications.Add(new DemoCertification(DemoIds.For($"therapist/{t}/certification/mld"), DemoVocabulary.Mld, mldIssued, null));
            }

            if ((slot == 1 && t / DemoChain.TherapistsPerLocation % 2 == 0) || random.Bool(0.1f))
            {
                certifications.Add(new DemoCertification(DemoIds.For($"therapist/{t}/certification/prenatal"), DemoVocabulary.PrenatalCertification, Today.AddDays(-random.Number(60, 1500)), null));
            }

            var email = $"{Ascii(first)}.{Ascii(last)}{t}@medmassage.example";
            therapists.Add(new DemoTherapist(id, first, last, email, location.Id, license, certifications, registeredAt));
            _weeks[id] = WorkingWeek(t, location, random);
        }

        return therapists;
    }

    private static string Ascii(string name) => new(name.ToLowerInvariant().Where(char.IsAsciiLetterLower).ToArray());

    /// <summary>Four or five eight-hour shifts a week inside the opening hours (therapist 0: Monday to Friday, 08:00-16:00).</summary>
    private static Dictionary<DayOfWeek, (TimeOnly Start, TimeOnly End)> WorkingWeek(int t, DemoLocation location, Randomizer random)
    {
        var open = location.OpeningHours.OrderBy(h => h.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)h.DayOfWeek).ToList();
        var days = t == 0
            ? open.Where(h => h.DayOfWeek is >= DayOfWeek.Monday and <= DayOfWeek.Friday).ToList()
            : random.Shuffle(open).Take(random.Bool(0.6f) ? 4 : 5).ToList();
        var week = new Dictionary<DayOfWeek, (TimeOnly, TimeOnly)>();
        var late = t % 2 == 1;
        foreach (var day in days)
        {
            var length = TimeSpan.FromHours(8);
            if (day.Closes - day.Opens <= length) week[day.DayOfWeek] = (day.Opens, day.Closes);
            else week[day.DayOfWeek] = late ? (day.Closes.Add(-length), day.Closes) : (day.Opens, day.Opens.Add(length));
        }

        return week;
    }

    private IReadOnlyList<DemoShift> BuildShifts()
    {
        var shifts = new List<DemoShift>();
        for (var t = 0; t < _chain.Therapists.Count; t++)
        {
            var therapist = _chain.Therapists[t];
            var location = _chain.Location(therapist.HomeLocationId);
            var zone = location.Zone;
            var pattern = DemoIds.For($"therapist/{t}/pattern");
            for (var date = _chain.FirstShiftDay; date <= _chain.LastShiftDay; date = date.AddDays(1))
            {
                if (!_weeks[therapist.Id].TryGetValue(date.DayOfWeek, out var hours)) continue;
                shifts.Add(new DemoShift(DemoIds.For($"therapist/{t}/shift/{Iso(date)}"), therapist.Id, location.Id, date, hours.Start, hours.End,
                    Instant(date, hours.Start, zone), Instant(date, hours.End, zone), pattern));
            }
        }

        return shifts;
    }
}
