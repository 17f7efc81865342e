using System.Globalization;
using Bogus;
using Bogus.DataSets;

namespace Platform.DemoChain;

internal sealed partial class ChainBuilder
{
    private static readonly Dictionary<string, string[]> AreaCodes = new()
    {
        ["US-NY"] = ["212", "646", "718", "347", "914"],
        ["US-NJ"] = ["201", "551", "973"],
        ["US-CA"] = ["415", "510", "650", "310", "626", "213"],
    };

    private static readonly Dictionary<string, string[]> Payers = new()
    {
        ["US-NY"] = ["Aetna", "UnitedHealthcare", "Cigna", "Empire BlueCross BlueShield", "Oxford Health Plans", "EmblemHealth"],
        ["US-NJ"] = ["Horizon Blue Cross Blue Shield of New Jersey", "Aetna", "AmeriHealth New Jersey", "UnitedHealthcare", "Cigna"],
        ["US-CA"] = ["Blue Shield of California", "Anthem Blue Cross", "Kaiser Permanente", "Health Net", "Aetna"],
    };

    private static readonly string[] PracticeTemplates =
    [
        "{0} Family Medicine", "{1} Spine & Sports Medicine", "{1} Orthopedic Associates", "{0} Chiropractic", "{1} Pain Management",
        "{1} Physical Therapy", "{1} Internal Medicine Group", "{0} Rheumatology", "{1} Primary Care",
    ];

    private static readonly string[] HistoryConditions =
    [
        "Hypertension", "Type 2 diabetes", "Migraine", "Asthma", "Hypothyroidism", "Anxiety", "Gastro-oesophageal reflux",
        "High cholesterol", "Osteoarthritis of the knees", "Carpal tunnel syndrome", "Insomnia", "Plantar fasciitis",
    ];

    private static readonly string[] HistoryMedications =
    [
        "Lisinopril 10 mg daily", "Metformin 500 mg twice daily", "Ibuprofen 400 mg as needed", "Levothyroxine 50 mcg daily",
        "Sertraline 50 mg daily", "Atorvastatin 20 mg daily", "Cyclobenzaprine 5 mg at night", "Omeprazole 20 mg daily",
        "Naproxen 220 mg as needed", "Albuterol inhaler as needed",
    ];

    private static readonly Dictionary<string, string> ClearanceNotes = new()
    {
        [DemoVocabulary.Dvt] = "DVT of the left calf treated with anticoagulation, resolved on ultrasound. Cleared for massage; avoid deep work on the lower legs.",
        [DemoVocabulary.RecentFracture] = "Healed distal radius fracture, cast removed. Cleared for massage; no pressure over the fracture site for 4 more weeks.",
        [DemoVocabulary.SevereOsteoporosis] = "Severe osteoporosis (T-score -3.1). Cleared for light-pressure massage only; no joint mobilisation.",
        [DemoVocabulary.ActiveCancer] = "Breast cancer on adjuvant therapy. Cleared for gentle massage; avoid the right axilla and the port site.",
        [DemoVocabulary.Pregnancy] = "Uncomplicated pregnancy, second trimester. Cleared for prenatal massage in side-lying position.",
        [DemoVocabulary.SkinInfection] = "Cellulitis of the right shin treated, resolved. Cleared for massage; avoid the right lower leg until fully healed.",
        [DemoVocabulary.RecentSurgery] = "Laparoscopic cholecystectomy 6 weeks ago, wounds healed. Cleared for massage; no abdominal work.",
    };

    private static string Phone(string jurisdiction, Randomizer random) =>
        "+1" + random.ArrayElement(AreaCodes[jurisdiction]) + "555" + random.Number(100, 9999).ToString("0000", CultureInfo.InvariantCulture);

    private IReadOnlyList<DemoPhysician> BuildPhysicians()
    {
        var faker = FakerWithSeed(2202);
        var random = faker.Random;
        var physicians = new List<DemoPhysician>(DemoChain.PhysicianCount);
        var npis = new HashSet<string>();
        for (var p = 0; p < DemoChain.PhysicianCount; p++)
        {
            var jurisdiction = PhysicianJurisdiction(p);
            var gender = random.Bool() ? Name.Gender.Female : Name.Gender.Male;
            var first = faker.Name.FirstName(gender);
            var last = faker.Name.LastName(gender);
            var credential = p == 0 ? "MD" : random.WeightedRandom(
                DemoVocabulary.PhysicianCredentials.ToArray(), [0.4f, 0.15f, 0.15f, 0.1f, 0.12f, 0.08f]);
            string npi;
            do npi = NpiNumbers.Complete("1" + random.Number(0, 99_999_999).ToString("00000000", CultureInfo.InvariantCulture));
            while (!npis.Add(npi));
            var city = random.ArrayElement(_chain.Locations.Where(l => l.Jurisdiction == jurisdiction).ToArray()).Address.City;
            var practice = string.Format(CultureInfo.InvariantCulture, random.ArrayElement(PracticeTemplates), last, city);
            physicians.Add(new DemoPhysician(DemoIds.For("physician", p), npi, first, last, credential, practice,
                Phone(jurisdiction, random), Phone(jurisdiction, random), jurisdiction, DaysAgo(random.Number(120, 700), random)));
        }

        return physicians;
    }

    /// <summary>17 New York physicians (the first is the well-known one), 10 in New Jersey, 13 in California.</summary>
    private static string PhysicianJurisdiction(int p) => p < 17 ? "US-NY" : p < 27 ? "US-NJ" : "US-CA";

    private IReadOnlyList<DemoClient> BuildClients()
    {
        var faker = FakerWithSeed(3303);
        var random = faker.Random;
        var clients = new List<DemoClient>(DemoChain.ClientCount);
        var identities = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var c = 0; c < DemoChain.ClientCount; c++)
        {
            var location = _chain.Locations[c % _chain.Locations.Count];
            var gender = random.Bool(0.62f) ? Name.Gender.Female : Name.Gender.Male;
            var age = random.Number(22, 84);
            var dateOfBirth = Today.AddYears(-age).AddDays(-random.Number(0, 364));
            string first, last;
            do
            {
                first = faker.Name.FirstName(gender);
                last = faker.Name.LastName(gender);
            }
            while (!identities.Add($"{last}|{first}|{Iso(dateOfBirth)}"));

            var email = random.Bool(0.85f) ? $"{Ascii(first)}.{Ascii(last)}{c}@{random.ArrayElement(new[] { "example.com", "example.net", "example.org" })}" : null;
            var phone = random.Bool(0.92f) ? Phone(location.Jurisdiction, random) : null;
            var insurance = random.Bool(0.75f)
                ? new DemoInsurance(random.ArrayElement(Payers[location.Jurisdiction]), random.String2(3, "ABCDEFGHJKLMNPRSTUVWXYZ") + random.Number(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture))
                : null;
            var conditions = random.ArrayElements(HistoryConditions, random.WeightedRandom(new[] { 0, 1, 2, 3 }, [0.45f, 0.3f, 0.17f, 0.08f])).ToList();
            var medications = random.ArrayElements(HistoryMedications, Math.Min(conditions.Count + random.Number(0, 1), 3)).ToList();

            var contraindications = new List<string>();
            if (random.Bool(0.1f))
            {
                var pregnantAge = gender == Name.Gender.Female && age <= 42;
                var pool = DemoVocabulary.Contraindications
                    .Where(code => code != DemoVocabulary.Pregnancy || pregnantAge)
                    .Where(code => code != DemoVocabulary.SevereOsteoporosis || age >= 55)
                    .ToArray();
                contraindications.Add(random.ArrayElement(pool));
                if (random.Bool(0.15f)) contraindications.Add(random.ArrayElement(pool.Except(contraindications).ToArray()));
                contraindications.Sort(StringComparer.Ordinal);
            }

            var newClient = random.Bool(0.03f);
            var registeredAt = DaysAgo(newClient ? random.Number(1, 10) : random.Number(35, 900), random);
            DemoClearance? clearance = null;
            if (contraindications.Count > 0 && random.Bool(0.6f))
            {
                var physician = random.ArrayElement(_chain.Physicians.Where(p => p.Jurisdiction == location.Jurisdiction).ToArray());
                var clearedOn = DateOnly.FromDateTime(registeredAt.UtcDateTime).AddDays(random.Number(0, 20));
                if (clearedOn >= Today) clearedOn = Today.AddDays(-1);
                clearance = new DemoClearance(physician.Npi, clearedOn, ClearanceNotes[contraindications[0]]);
            }

            IReadOnlyList<DemoConsent> consents = newClient
                ? []
                : [
                    new DemoConsent(DemoIds.For($"client/{c}/consent/treatment"), DemoVocabulary.ConsentTreatment, registeredAt),
                    new DemoConsent(DemoIds.For($"client/{c}/consent/privacy"), DemoVocabulary.ConsentPrivacy, registeredAt),
                ];
            clients.Add(new DemoClient(DemoIds.For("client", c), first, last, dateOfBirth, email, phone, location.Id, insurance,
                conditions, medications, contraindications, clearance, consents, registeredAt));
        }

        return clients;
    }
}
