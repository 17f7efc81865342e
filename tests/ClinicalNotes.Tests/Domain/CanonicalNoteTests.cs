using System.Globalization;
using ClinicalNotes.Api.Domain;

namespace ClinicalNotes.Tests.Domain;

public sealed class CanonicalNoteTests
{
    [Fact]
    public void The_canonical_form_is_fixed_field_by_field()
    {
        var json = CanonicalNote.Serialize(DomainSamples.Sealed());

        Assert.Equal(
            """{"form":1,"noteId":"01936f0e-1111-7000-8000-000000000001","clientId":"01936f0e-2222-7000-8000-000000000002","appointmentId":"01936f0e-3333-7000-8000-000000000003","referralId":null,"kind":"treatment","authorId":"therapist-a","signedBy":"therapist-a","signedAt":"2025-03-04T14:05:09.123456Z","sequence":1,"previousHash":null,"subjective":{"chiefComplaint":"low back pain \"sharp\" on the right","painBefore":7},"objective":{"posture":"anterior pelvic tilt","rangeOfMotion":[{"joint":"hip-right","movement":"flexion","degrees":100},{"joint":"lumbar-spine","movement":"flexion","degrees":45}],"palpation":"hypertonic QL"},"assessment":"mechanical low back pain","plan":{"techniques":["deep-tissue","trigger-point"],"bodyRegions":["hip-gluteal-right","lower-back"],"homeCare":"heat, stretches"},"painAfter":4,"outcomeMeasures":[{"instrument":"ODI","score":42.5}]}""",
            json);
    }

    [Fact]
    public void The_hash_of_form_1_never_changes()
    {
        // Pinned: SHA-256 of the canonical text above, computed outside .NET (sha256 of the UTF-8 bytes).
        // If this fails, every note signed so far would stop verifying: make a new form instead.
        Assert.Equal("564454ac7f43516d8c034d550c174fe368253c30b8154faecf6d465fd9568b3f", CanonicalNote.Hash(DomainSamples.Sealed()));
    }

    [Fact]
    public void Order_that_carries_no_meaning_does_not_change_the_hash()
    {
        var content = DomainSamples.CompleteContent();
        var reordered = content with
        {
            Objective = content.Objective with { RangeOfMotion = content.Objective.RangeOfMotion.Reverse().ToList() },
            Plan = content.Plan with { Techniques = content.Plan.Techniques.Reverse().ToList(), BodyRegions = content.Plan.BodyRegions.Reverse().ToList() },
            OutcomeMeasures = [new OutcomeMeasure("NDI", 20), new OutcomeMeasure("ODI", 42.5m)],
        };
        var sorted = content with { OutcomeMeasures = [new OutcomeMeasure("ODI", 42.5m), new OutcomeMeasure("NDI", 20)] };

        Assert.Equal(CanonicalNote.Hash(DomainSamples.Sealed(content: sorted)), CanonicalNote.Hash(DomainSamples.Sealed(content: reordered)));
    }

    public static TheoryData<string, Func<SealedNote, SealedNote>> Changes => new()
    {
        { "pain before", n => n with { Content = n.Content with { Subjective = n.Content.Subjective with { PainBefore = 6 } } } },
        { "trailing space in free text", n => n with { Content = n.Content with { Assessment = n.Content.Assessment + " " } } },
        { "empty instead of absent", n => n with { Content = n.Content with { Assessment = null } } },
        { "degrees", n => n with { Content = n.Content with { Objective = n.Content.Objective with { RangeOfMotion = [new RangeOfMotionMeasurement("lumbar-spine", "flexion", 46)] } } } },
        { "score", n => n with { Content = n.Content with { OutcomeMeasures = [new OutcomeMeasure("ODI", 42.6m)] } } },
        { "technique", n => n with { Content = n.Content with { Plan = n.Content.Plan with { Techniques = ["swedish"] } } } },
        { "previous hash", n => n with { PreviousHash = new string('a', 64) } },
        { "sequence", n => n with { Sequence = 2 } },
        { "one microsecond", n => n with { SignedAt = n.SignedAt.AddTicks(10) } },
        { "signer", n => n with { SignedBy = "therapist-b" } },
        { "referral", n => n with { ReferralId = Guid.Parse("01936f0e-4444-7000-8000-000000000004") } },
        { "kind", n => n with { Kind = NoteKinds.InitialAssessment } },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Any_change_changes_the_hash(string change, Func<SealedNote, SealedNote> apply)
    {
        var original = DomainSamples.Sealed();

        Assert.True(CanonicalNote.Hash(original) != CanonicalNote.Hash(apply(original)), change);
    }

    [Fact]
    public void The_same_instant_in_another_offset_hashes_the_same()
    {
        var utc = DomainSamples.Sealed();
        var local = utc with { SignedAt = utc.SignedAt.ToOffset(TimeSpan.FromHours(-5)) };

        Assert.Equal(CanonicalNote.Hash(utc), CanonicalNote.Hash(local));
    }

    [Fact]
    public void A_score_hashes_the_same_with_or_without_a_trailing_zero()
    {
        var plain = DomainSamples.Sealed(content: DomainSamples.CompleteContent() with { OutcomeMeasures = [new OutcomeMeasure("ODI", 40m)] });
        var scaled = DomainSamples.Sealed(content: DomainSamples.CompleteContent() with { OutcomeMeasures = [new OutcomeMeasure("ODI", 40.0m)] });

        Assert.Equal(CanonicalNote.Hash(plain), CanonicalNote.Hash(scaled));
        Assert.Contains("\"score\":40}", CanonicalNote.Serialize(scaled));
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    [InlineData("ar-SA")]
    [InlineData("th-TH")]
    public void The_form_does_not_depend_on_the_servers_culture(string culture)
    {
        var expected = CanonicalNote.Serialize(DomainSamples.Sealed());
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            Assert.Equal(expected, CanonicalNote.Serialize(DomainSamples.Sealed()));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }

    [Theory]
    [InlineData("a\"b", "a\\\"b")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("line\nbreak\ttab\r", "line\\nbreak\\ttab\\r")]
    [InlineData("bell\u0007", "bell\\u0007")]
    [InlineData("épaule douloureuse ✓ 😀", "épaule douloureuse ✓ 😀")]
    [InlineData("</script>", "</script>")]
    public void Strings_are_escaped_minimally(string text, string written)
    {
        var note = DomainSamples.Sealed(content: DomainSamples.CompleteContent() with { Assessment = text });

        Assert.Contains($"\"assessment\":\"{written}\"", CanonicalNote.Serialize(note));
    }

    [Fact]
    public void Instants_are_kept_to_the_microsecond_postgresql_stores()
    {
        var instant = new DateTimeOffset(2025, 3, 4, 14, 5, 9, TimeSpan.FromHours(2)).AddTicks(1234567);

        var stored = CanonicalNote.ToStoredPrecision(instant);

        Assert.Equal(TimeSpan.Zero, stored.Offset);
        Assert.Equal(instant.UtcTicks - 7, stored.UtcTicks);
    }
}
