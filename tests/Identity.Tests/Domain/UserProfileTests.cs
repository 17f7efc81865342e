using Identity.Api.Domain;

namespace Identity.Tests.Domain;

public sealed class UserProfileTests
{
    private static readonly Guid Location = Guid.CreateVersion7();
    private static readonly Guid Record = Guid.CreateVersion7();

    private static UserProfile Profile(string role, Guid[]? locations = null, Guid? practitioner = null, Guid? physician = null) =>
        new("someone", "Some One", role, locations ?? [], practitioner, physician);

    [Theory]
    [InlineData(PlatformRoles.FrontDesk)]
    [InlineData(PlatformRoles.Manager)]
    public void Staff_with_a_location_are_complete(string role) => Assert.Empty(Profile(role, [Location]).Problems());

    [Fact]
    public void A_therapist_needs_a_location_and_a_practitioner_id()
    {
        Assert.Empty(Profile(PlatformRoles.Therapist, [Location], practitioner: Record).Problems());
        Assert.Equal(["practitionerId"], Profile(PlatformRoles.Therapist, [Location]).Problems().Select(p => p.Field));
        Assert.Equal(["practitionerId"], Profile(PlatformRoles.Therapist, [Location], practitioner: Guid.Empty).Problems().Select(p => p.Field));
        Assert.Equal(["locationIds"], Profile(PlatformRoles.Therapist, practitioner: Record).Problems().Select(p => p.Field));
    }

    [Fact]
    public void A_physician_needs_a_physician_id_and_no_location()
    {
        Assert.Empty(Profile(PlatformRoles.Physician, physician: Record).Problems());
        Assert.Equal(["physicianId"], Profile(PlatformRoles.Physician).Problems().Select(p => p.Field));
        Assert.Equal(["locationIds"], Profile(PlatformRoles.Physician, [Location], physician: Record).Problems().Select(p => p.Field));
    }

    [Theory]
    [InlineData(PlatformRoles.HqAuditor)]
    [InlineData(PlatformRoles.Admin)]
    public void Headquarters_roles_work_across_all_locations_and_carry_no_record(string role)
    {
        Assert.Empty(Profile(role).Problems());
        Assert.Equal(["locationIds"], Profile(role, [Location]).Problems().Select(p => p.Field));
        Assert.Equal(["practitionerId"], Profile(role, practitioner: Record).Problems().Select(p => p.Field));
        Assert.Equal(["physicianId"], Profile(role, physician: Record).Problems().Select(p => p.Field));
    }

    [Theory]
    [InlineData("service")]
    [InlineData("Admin")]
    [InlineData("")]
    public void Only_a_person_role_is_a_role(string role) =>
        Assert.Contains("role", Profile(role).Problems().Select(p => p.Field));

    [Fact]
    public void Locations_are_distinct_and_not_empty()
    {
        Assert.Contains("locationIds", Profile(PlatformRoles.FrontDesk, [Location, Location]).Problems().Select(p => p.Field));
        Assert.Contains("locationIds", Profile(PlatformRoles.FrontDesk, [Guid.Empty]).Problems().Select(p => p.Field));
    }

    [Fact]
    public void Names_have_limits()
    {
        Assert.Contains("userName", (Profile(PlatformRoles.Admin) with { UserName = new string('a', 101) }).Problems().Select(p => p.Field));
        Assert.Contains("displayName", (Profile(PlatformRoles.Admin) with { DisplayName = " " }).Problems().Select(p => p.Field));
    }

    [Fact]
    public void A_service_token_says_service_and_an_ehr_token_says_physician()
    {
        Assert.Contains(("role", "service"), TokenClaims.ForClient("scheduling", "scheduling service", physicianId: null));
        var ehr = TokenClaims.ForClient("ehr-x", "Practice", Record).ToList();
        Assert.Contains(("role", "physician"), ehr);
        Assert.Contains(("physician_id", Record.ToString()), ehr);
        Assert.DoesNotContain(ehr, c => c is ("role", "service"));
    }
}
