using Credentials.Api.Domain;
using Platform.ServiceDefaults.Problems;

namespace Credentials.Tests.Domain;

/// <summary>The licence's own rules: status transitions, expiry, verification state, derived lapse.</summary>
public sealed class LicenseTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 17, 0, 0, TimeSpan.Zero);

    private static License NewLicense() => License.Record(
        Guid.CreateVersion7(), Jurisdictions.Get("US-FL"), " lmt ", " ma12345 ", "Florida Board of Massage Therapy",
        new DateOnly(2024, 9, 1), new DateOnly(2026, 8, 31), Now);

    [Fact]
    public void A_new_licence_is_active_unverified_with_type_and_number_in_upper_case()
    {
        var license = NewLicense();

        Assert.Equal(LicenseStatus.Active, license.Status);
        Assert.Equal(VerificationStatus.Unverified, license.Verification);
        Assert.Equal("LMT", license.LicenseType);
        Assert.Equal("MA12345", license.LicenseNumber);
    }

    [Theory]
    [InlineData(LicenseStatus.Suspended)]
    [InlineData(LicenseStatus.Revoked)]
    public void Suspension_and_revocation_produce_the_event_with_before_and_after(LicenseStatus status)
    {
        var license = NewLicense();

        var changed = license.ChangeStanding(status, null, " Board order ", Now);

        Assert.NotNull(changed);
        Assert.Equal((LicenseStatus.Active, status), (changed.PreviousStatus, changed.Status));
        Assert.Equal((license.Id, "US-FL", "Board order"), (changed.LicenseId, changed.Jurisdiction, changed.Reason));
        Assert.Equal(status, license.Status);
        Assert.Equal("Board order", license.StatusReason);
    }

    [Fact]
    public void A_suspended_licence_can_be_reinstated()
    {
        var license = NewLicense();
        license.ChangeStanding(LicenseStatus.Suspended, null, "Investigation", Now);

        var changed = license.ChangeStanding(LicenseStatus.Active, null, "Cleared", Now.AddDays(3));

        Assert.Equal((LicenseStatus.Suspended, LicenseStatus.Active), (changed!.PreviousStatus, changed.Status));
        Assert.Equal(Now.AddDays(3), license.StatusChangedAt);
    }

    [Theory]
    [InlineData(LicenseStatus.Active)]
    [InlineData(LicenseStatus.Suspended)]
    public void Revoked_is_final(LicenseStatus status)
    {
        var license = NewLicense();
        license.ChangeStanding(LicenseStatus.Revoked, null, "Board order", Now);

        var refused = Assert.Throws<ConflictException>(() => license.ChangeStanding(status, null, "Appeal", Now));
        Assert.Equal("license_revoked", refused.Code);
        Assert.Throws<ConflictException>(() => license.ChangeStanding(null, new DateOnly(2028, 8, 31), "Renewed", Now));
        Assert.Equal(LicenseStatus.Revoked, license.Status);
    }

    [Fact]
    public void A_new_expiry_is_a_standing_change_with_its_event()
    {
        var license = NewLicense();

        var changed = license.ChangeStanding(null, new DateOnly(2028, 8, 31), "Renewed", Now);

        Assert.Equal((new DateOnly(2026, 8, 31), new DateOnly(2028, 8, 31)), (changed!.PreviousExpiresOn, changed.ExpiresOn));
        Assert.Equal((LicenseStatus.Active, LicenseStatus.Active), (changed.PreviousStatus, changed.Status));
        Assert.Equal(new DateOnly(2028, 8, 31), license.ExpiresOn);
    }

    [Fact]
    public void A_new_expiry_on_or_before_the_issue_day_is_refused_naming_expiresOn()
    {
        var license = NewLicense();

        var refused = Assert.Throws<InvalidInputException>(() => license.ChangeStanding(null, new DateOnly(2024, 9, 1), "Typo", Now));

        Assert.Equal("expiresOn", refused.Field);
        Assert.Equal(new DateOnly(2026, 8, 31), license.ExpiresOn);
    }

    [Fact]
    public void Asking_for_the_current_standing_changes_nothing_and_publishes_nothing()
    {
        var license = NewLicense();

        Assert.Null(license.ChangeStanding(LicenseStatus.Active, new DateOnly(2026, 8, 31), "Again", Now));
        Assert.Null(license.StatusReason);
    }

    [Fact]
    public void Lapsed_is_derived_from_the_expiry_day_and_shown_only_for_active_licences()
    {
        var license = NewLicense();

        Assert.Equal(EffectiveLicenseStatus.Active, license.EffectiveStatus(new DateOnly(2026, 8, 31)));
        Assert.Equal(EffectiveLicenseStatus.Lapsed, license.EffectiveStatus(new DateOnly(2026, 9, 1)));
        license.ChangeStanding(LicenseStatus.Suspended, null, "Investigation", Now);
        Assert.Equal(EffectiveLicenseStatus.Suspended, license.EffectiveStatus(new DateOnly(2026, 9, 1)));
        Assert.DoesNotContain("Lapsed", Enum.GetNames<LicenseStatus>());
    }

    [Fact]
    public void The_latest_check_decides_verification()
    {
        var license = NewLicense();

        license.RecordVerification("Board lookup", new DateOnly(2025, 1, 10), VerificationOutcome.Verified, null, "hq-1", Now);
        Assert.Equal(VerificationStatus.Verified, license.Verification);

        license.RecordVerification("Board lookup", new DateOnly(2026, 2, 1), VerificationOutcome.Discrepancy, "Name mismatch", "hq-2", Now);
        Assert.Equal(VerificationStatus.Discrepancy, license.Verification);

        license.RecordVerification("Board letter", new DateOnly(2026, 2, 20), VerificationOutcome.Verified, null, "hq-1", Now);
        Assert.Equal(VerificationStatus.Verified, license.Verification);
        Assert.Equal(new DateOnly(2026, 2, 20), license.VerificationCheckedOn);
        Assert.Equal(3, license.Verifications.Count);
    }

    [Fact]
    public void A_backdated_check_is_kept_as_evidence_but_does_not_override_a_later_one()
    {
        var license = NewLicense();
        license.RecordVerification("Board lookup", new DateOnly(2026, 2, 1), VerificationOutcome.Discrepancy, null, "hq-1", Now);

        license.RecordVerification("Old letter", new DateOnly(2025, 1, 1), VerificationOutcome.Verified, null, "hq-1", Now);

        Assert.Equal(VerificationStatus.Discrepancy, license.Verification);
        Assert.Equal(2, license.Verifications.Count);
    }

    [Fact]
    public void On_the_same_day_the_check_recorded_last_decides()
    {
        var license = NewLicense();
        license.RecordVerification("Board lookup", new DateOnly(2026, 2, 1), VerificationOutcome.Verified, null, "hq-1", Now);

        license.RecordVerification("Board phone call", new DateOnly(2026, 2, 1), VerificationOutcome.Discrepancy, null, "hq-1", Now);

        Assert.Equal(VerificationStatus.Discrepancy, license.Verification);
    }

    [Fact]
    public void A_check_before_the_licence_was_issued_is_refused_naming_verifiedOn()
    {
        var license = NewLicense();

        var refused = Assert.Throws<InvalidInputException>(() =>
            license.RecordVerification("Board lookup", new DateOnly(2024, 8, 31), VerificationOutcome.Verified, null, "hq-1", Now));

        Assert.Equal("verifiedOn", refused.Field);
        Assert.Empty(license.Verifications);
    }
}
