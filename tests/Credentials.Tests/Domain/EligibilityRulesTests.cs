using Credentials.Api.Domain;
using static Credentials.Api.Domain.EligibilityReasons;

namespace Credentials.Tests.Domain;

/// <summary>The eligibility rule, case by case: no host, no database.</summary>
public sealed class EligibilityRulesTests
{
    private static readonly DateOnly Day = new(2026, 3, 10);
    private static readonly Technique Swedish = Techniques.Get("swedish");
    private static readonly Technique Lymphatic = Techniques.Get("lymphatic-drainage");
    private static readonly Technique Prenatal = Techniques.Get("prenatal");

    private static LicenseFacts Good(DateOnly? issued = null, DateOnly? expires = null) =>
        new(LicenseStatus.Active, VerificationStatus.Verified, issued ?? new DateOnly(2024, 1, 1), expires ?? new DateOnly(2026, 12, 31));

    private static CertificationFacts Cert(string code, DateOnly? issued = null, DateOnly? expires = null) =>
        new(code, issued ?? new DateOnly(2025, 1, 1), expires);

    private static EligibilityDecision Evaluate(LicenseFacts[] licenses, Technique technique, params CertificationFacts[] certifications) =>
        EligibilityRules.Evaluate(licenses, certifications, technique, Day);

    [Fact]
    public void An_active_verified_unexpired_licence_is_eligible_for_a_technique_without_certification()
    {
        var decision = Evaluate([Good()], Swedish);

        Assert.True(decision.Eligible);
        Assert.Empty(decision.Reasons);
    }

    [Fact]
    public void No_technique_needs_no_certification() =>
        Assert.True(EligibilityRules.Evaluate([Good()], [], Techniques.None, Day).Eligible);

    [Fact]
    public void Without_a_licence_in_the_jurisdiction_the_answer_is_no() =>
        Assert.Equal([NoLicenseInJurisdiction], Evaluate([], Swedish).Reasons);

    [Fact]
    public void A_licence_covers_its_expiry_day() =>
        Assert.True(Evaluate([Good(expires: Day)], Swedish).Eligible);

    [Fact]
    public void A_licence_does_not_cover_the_day_after_its_expiry() =>
        Assert.Equal([LicenseExpired], Evaluate([Good(expires: Day.AddDays(-1))], Swedish).Reasons);

    [Fact]
    public void A_licence_covers_its_issue_day() =>
        Assert.True(Evaluate([Good(issued: Day)], Swedish).Eligible);

    [Fact]
    public void A_licence_does_not_cover_days_before_it_was_issued() =>
        Assert.Equal([LicenseNotYetValid], Evaluate([Good(issued: Day.AddDays(1))], Swedish).Reasons);

    [Fact]
    public void A_suspended_licence_does_not_count() =>
        Assert.Equal([LicenseSuspended], Evaluate([Good() with { Status = LicenseStatus.Suspended }], Swedish).Reasons);

    [Fact]
    public void A_revoked_licence_does_not_count() =>
        Assert.Equal([LicenseRevoked], Evaluate([Good() with { Status = LicenseStatus.Revoked }], Swedish).Reasons);

    [Theory]
    [InlineData(VerificationStatus.Unverified)]
    [InlineData(VerificationStatus.Discrepancy)]
    public void A_licence_whose_latest_check_is_not_verified_does_not_count(VerificationStatus verification) =>
        Assert.Equal([LicenseUnverified], Evaluate([Good() with { Verification = verification }], Swedish).Reasons);

    [Fact]
    public void Every_reason_of_a_licence_is_listed_not_only_the_first()
    {
        var bad = new LicenseFacts(LicenseStatus.Suspended, VerificationStatus.Unverified, new DateOnly(2020, 1, 1), new DateOnly(2021, 1, 1));

        Assert.Equal([LicenseExpired, LicenseSuspended, LicenseUnverified], Evaluate([bad], Swedish).Reasons);
    }

    [Fact]
    public void One_good_licence_is_enough_whatever_the_others_are()
    {
        var revoked = Good() with { Status = LicenseStatus.Revoked };
        var expired = Good(expires: new DateOnly(2025, 1, 1));

        Assert.True(Evaluate([revoked, expired, Good()], Swedish).Eligible);
    }

    [Fact]
    public void When_no_licence_qualifies_the_reasons_of_each_are_listed_once_in_a_fixed_order()
    {
        var expired = Good(expires: new DateOnly(2025, 1, 1));
        var unverified = Good() with { Verification = VerificationStatus.Unverified };
        var expiredToo = Good(expires: new DateOnly(2024, 6, 1));

        Assert.Equal([LicenseExpired, LicenseUnverified], Evaluate([unverified, expired, expiredToo], Swedish).Reasons);
    }

    [Fact]
    public void Lymphatic_drainage_needs_a_current_MLD_certificate()
    {
        Assert.Equal(["certification_missing:MLD"], Evaluate([Good()], Lymphatic).Reasons);
        Assert.True(Evaluate([Good()], Lymphatic, Cert("MLD")).Eligible);
    }

    [Fact]
    public void Prenatal_needs_a_current_PRENATAL_certificate()
    {
        Assert.Equal(["certification_missing:PRENATAL"], Evaluate([Good()], Prenatal, Cert("MLD")).Reasons);
        Assert.True(Evaluate([Good()], Prenatal, Cert("PRENATAL")).Eligible);
    }

    [Fact]
    public void A_certificate_of_another_code_does_not_stand_in() =>
        Assert.Equal(["certification_missing:MLD"], Evaluate([Good()], Lymphatic, Cert("NCBTMB"), Cert("PRENATAL")).Reasons);

    [Fact]
    public void An_expired_certificate_is_named_as_expired()
    {
        Assert.Equal(["certification_expired:MLD"], Evaluate([Good()], Lymphatic, Cert("MLD", expires: Day.AddDays(-1))).Reasons);
        Assert.True(Evaluate([Good()], Lymphatic, Cert("MLD", expires: Day)).Eligible);
    }

    [Fact]
    public void A_certificate_issued_after_the_day_is_not_yet_valid() =>
        Assert.Equal(["certification_not_yet_valid:MLD"], Evaluate([Good()], Lymphatic, Cert("MLD", issued: Day.AddDays(1))).Reasons);

    [Fact]
    public void A_renewed_certificate_counts_even_when_an_older_one_expired() =>
        Assert.True(Evaluate([Good()], Lymphatic, Cert("MLD", new DateOnly(2022, 1, 1), new DateOnly(2024, 1, 1)), Cert("MLD", new DateOnly(2024, 1, 1))).Eligible);

    [Fact]
    public void Licence_and_certification_reasons_are_listed_together() =>
        Assert.Equal([NoLicenseInJurisdiction, "certification_missing:MLD"], Evaluate([], Lymphatic).Reasons);

    [Fact]
    public void Only_lymphatic_drainage_and_prenatal_need_a_certification()
    {
        Assert.Equal(["MLD"], Lymphatic.RequiredCertifications);
        Assert.Equal(["PRENATAL"], Prenatal.RequiredCertifications);
        Assert.All(Techniques.All.Where(t => t != Lymphatic && t != Prenatal), t => Assert.Empty(t.RequiredCertifications));
        Assert.Equal(
            ["swedish", "deep-tissue", "trigger-point", "myofascial-release", "neuromuscular", "lymphatic-drainage", "prenatal", "sports"],
            Techniques.All.Select(t => t.Code));
    }

    [Theory]
    [InlineData("Swedish")]
    [InlineData("lymphatic drainage")]
    [InlineData("reiki")]
    public void Unknown_technique_codes_are_not_found(string code) => Assert.False(Techniques.TryFind(code, out _));

    // ---- Windows over a range -------------------------------------------------------------------------

    private static readonly DateRange Fortnight = new(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 14));

    [Fact]
    public void A_licence_valid_all_range_gives_one_window_of_the_whole_range() =>
        Assert.Equal([Fortnight], EligibilityRules.EligibleDays([Good()], [], Swedish, Fortnight));

    [Fact]
    public void A_licence_expiring_inside_the_range_ends_the_window_on_its_expiry_day() =>
        Assert.Equal(
            [new DateRange(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 5))],
            EligibilityRules.EligibleDays([Good(expires: new DateOnly(2026, 3, 5))], [], Swedish, Fortnight));

    [Fact]
    public void A_renewal_that_starts_the_day_after_expiry_leaves_no_gap() =>
        Assert.Equal(
            [Fortnight],
            EligibilityRules.EligibleDays(
                [Good(expires: new DateOnly(2026, 3, 5)), Good(issued: new DateOnly(2026, 3, 6))], [], Swedish, Fortnight));

    [Fact]
    public void A_gap_between_licences_splits_the_windows() =>
        Assert.Equal(
            [new DateRange(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 5)), new DateRange(new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 14))],
            EligibilityRules.EligibleDays(
                [Good(expires: new DateOnly(2026, 3, 5)), Good(issued: new DateOnly(2026, 3, 9))], [], Swedish, Fortnight));

    [Fact]
    public void Licences_not_in_good_standing_give_no_window()
    {
        LicenseFacts[] licenses =
        [
            Good() with { Status = LicenseStatus.Suspended },
            Good() with { Status = LicenseStatus.Revoked },
            Good() with { Verification = VerificationStatus.Discrepancy },
        ];
        Assert.Empty(EligibilityRules.EligibleDays(licenses, [], Swedish, Fortnight));
    }

    [Fact]
    public void Required_certificates_narrow_the_windows() =>
        Assert.Equal(
            [new DateRange(new DateOnly(2026, 3, 4), new DateOnly(2026, 3, 10))],
            EligibilityRules.EligibleDays([Good()], [Cert("MLD", new DateOnly(2026, 3, 4), new DateOnly(2026, 3, 10))], Lymphatic, Fortnight));

    /// <summary>The windows and the single-day answer are the same rule: on random facts they agree on every day.</summary>
    [Fact]
    public void Windows_agree_with_the_single_day_rule_on_random_facts()
    {
        var random = new Random(20260310);
        var start = new DateOnly(2026, 1, 1);
        DateOnly RandomDay() => start.AddDays(random.Next(0, 60));
        for (var trial = 0; trial < 2_000; trial++)
        {
            var licenses = Enumerable.Range(0, random.Next(0, 4)).Select(_ =>
            {
                var issued = RandomDay();
                return new LicenseFacts(
                    (LicenseStatus)random.Next(0, 3), (VerificationStatus)random.Next(0, 3), issued, issued.AddDays(random.Next(1, 40)));
            }).ToArray();
            var certifications = Enumerable.Range(0, random.Next(0, 3)).Select(_ =>
            {
                var issued = RandomDay();
                return new CertificationFacts(random.Next(0, 2) == 0 ? "MLD" : "PRENATAL", issued, random.Next(0, 3) == 0 ? null : issued.AddDays(random.Next(1, 30)));
            }).ToArray();
            var technique = Techniques.All[random.Next(0, Techniques.All.Count)];
            var from = RandomDay();
            var range = new DateRange(from, from.AddDays(random.Next(0, 20)));

            var windows = EligibilityRules.EligibleDays(licenses, certifications, technique, range);
            for (var day = range.From; day <= range.To; day = day.AddDays(1))
            {
                var expected = EligibilityRules.Evaluate(licenses, certifications, technique, day).Eligible;
                Assert.True(expected == windows.Any(w => w.Contains(day)), $"trial {trial}, {technique.Code}, {day}");
            }
        }
    }
}
