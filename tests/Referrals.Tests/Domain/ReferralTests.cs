using Platform.ServiceDefaults.Problems;
using Referrals.Api.Domain;

namespace Referrals.Tests.Domain;

/// <summary>The lifecycle of a prescription, every transition legal and illegal, and what makes two submissions the same.</summary>
public sealed class ReferralTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 15, 0, 0, TimeSpan.Zero);
    private static readonly VisitAccount Fresh = new(12, 0, 0);

    private static ReferralTerms Terms(Guid? clientId = null) => new(
        Guid.CreateVersion7(), clientId, clientId is null ? new PatientDetails("Rosa", "Delgado", new DateOnly(1971, 3, 9), "+13055550199") : null,
        ["M54.50", "M62.830"], ["97124"], ["lower-back"], 2, 6, 12, 60, null, new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30),
        new Attestation("Maya Okafor, MD", new DateTimeOffset(2026, 2, 28, 10, 30, 0, TimeSpan.FromHours(-5))));

    private static Referral Submitted(Guid? clientId = null) => Referral.Submit(Terms(clientId), "key-1", "physician-1", Now);

    private static void AssertIllegal(Action transition, string current)
    {
        var conflict = Assert.Throws<ConflictException>(transition);
        Assert.Equal(ReferralRules.IllegalTransition, conflict.Code);
        Assert.Equal(current, conflict.Extensions!["currentStatus"]);
    }

    [Fact]
    public void A_submitted_referral_is_accepted_for_a_client_and_becomes_active()
    {
        var referral = Submitted();
        var client = Guid.CreateVersion7();

        referral.Accept(client, Fresh, "frontdesk-1", Now);

        Assert.Equal((ReferralStatus.Active, client, "frontdesk-1"), (referral.Status, referral.ClientId, referral.AcceptedBy));
        Assert.Equal(Now, referral.AcceptedAt);
    }

    [Fact]
    public void A_referral_written_for_a_client_is_accepted_for_that_client_only()
    {
        var named = Guid.CreateVersion7();
        var referral = Submitted(named);

        Assert.Equal(ReferralRules.ClientMismatch, Assert.Throws<BusinessRuleException>(() => referral.Accept(Guid.CreateVersion7(), Fresh, "frontdesk-1", Now)).Code);
        Assert.Equal(ReferralStatus.Submitted, referral.Status);
        referral.Accept(named, Fresh, "frontdesk-1", Now);
        Assert.Equal(ReferralStatus.Active, referral.Status);
    }

    [Fact]
    public void A_submitted_referral_is_rejected_with_its_reason()
    {
        var referral = Submitted();
        referral.Reject("Wrong patient.", Fresh, "frontdesk-1", Now);
        Assert.Equal((ReferralStatus.Rejected, "Wrong patient.", "frontdesk-1", (DateTimeOffset?)Now),
            (referral.Status, referral.StatusReason, referral.ClosedBy, referral.ClosedAt));
    }

    [Fact]
    public void An_active_referral_is_completed()
    {
        var referral = Submitted();
        referral.Accept(Guid.CreateVersion7(), Fresh, "frontdesk-1", Now);
        referral.Complete(null, Fresh, "manager-1", Now);
        Assert.Equal(ReferralStatus.Completed, referral.Status);
    }

    [Fact]
    public void A_submitted_referral_cannot_be_completed() =>
        AssertIllegal(() => Submitted().Complete(null, Fresh, "manager-1", Now), "submitted");

    [Fact]
    public void An_active_referral_cannot_be_accepted_or_rejected_and_says_how_it_looks_today()
    {
        var referral = Submitted();
        referral.Accept(Guid.CreateVersion7(), Fresh, "frontdesk-1", Now);
        AssertIllegal(() => referral.Accept(referral.ClientId!.Value, Fresh, "frontdesk-1", Now), "active");
        AssertIllegal(() => referral.Reject("late", new VisitAccount(12, 12, 0), "frontdesk-1", Now), "exhausted");
        AssertIllegal(() => referral.Reject("late", Fresh, "frontdesk-1", new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero)), "expired");
        Assert.Equal(ReferralStatus.Active, referral.Status);
    }

    [Fact]
    public void Rejected_and_completed_referrals_are_final()
    {
        var rejected = Submitted();
        rejected.Reject("Duplicate.", Fresh, "frontdesk-1", Now);
        AssertIllegal(() => rejected.Accept(Guid.CreateVersion7(), Fresh, "frontdesk-1", Now), "rejected");
        AssertIllegal(() => rejected.Reject("again", Fresh, "frontdesk-1", Now), "rejected");
        AssertIllegal(() => rejected.Complete(null, Fresh, "frontdesk-1", Now), "rejected");

        var completed = Submitted();
        completed.Accept(Guid.CreateVersion7(), Fresh, "frontdesk-1", Now);
        completed.Complete("Goals met.", Fresh, "manager-1", Now);
        AssertIllegal(() => completed.Accept(completed.ClientId!.Value, Fresh, "frontdesk-1", Now), "completed");
        AssertIllegal(() => completed.Reject("x", Fresh, "frontdesk-1", Now), "completed");
        AssertIllegal(() => completed.Complete(null, Fresh, "manager-1", Now), "completed");
    }

    [Fact]
    public void The_same_terms_have_the_same_fingerprint_whatever_the_offset_of_the_signature()
    {
        var terms = Terms();
        var inUtc = terms with { Attestation = terms.Attestation with { SignedAt = terms.Attestation.SignedAt.ToUniversalTime() } };
        Assert.Equal(terms.Fingerprint(), inUtc.Fingerprint());
        Assert.Equal(terms.Fingerprint(), (terms with { Diagnoses = [.. terms.Diagnoses] }).Fingerprint());
    }

    [Fact]
    public void Any_change_of_meaning_changes_the_fingerprint()
    {
        var terms = Terms();
        var variants = new[]
        {
            terms with { Diagnoses = ["M62.830", "M54.50"] }, // primary diagnosis first
            terms with { AuthorizedVisits = 11 },
            terms with { ExpiresOn = terms.ExpiresOn.AddDays(1) },
            terms with { Precautions = "No deep pressure." },
            terms with { Attestation = terms.Attestation with { SignedAt = terms.Attestation.SignedAt.AddSeconds(1) } },
            terms with { Patient = terms.Patient! with { Phone = "+13055550198" } },
        };
        Assert.All(variants, v => Assert.NotEqual(terms.Fingerprint(), v.Fingerprint()));
    }
}
