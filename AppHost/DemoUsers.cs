using AppHost.Hosting;

namespace AppHost;

/// <summary>
/// The local sign-in accounts: one demo user per role, and one demo physician practice's EHR client. This is the
/// only place their names, passwords and record ids live. The fixed ids are the records the demo data loads
/// (locations, the therapist's practitioner record, the physician's record), so a demo user acts on demo data.
/// Development only: the identity service refuses demo users (known passwords) anywhere else.
/// </summary>
internal static class DemoUsers
{
    /// <summary>
    /// Records of the demo chain the users are bound to: Platform.DemoChain's <c>DemoIdentities</c> (name-based ids,
    /// the same on every run; DemoChain.Tests pins these values). Downtown is Midtown Manhattan (US-NY), Riverside the
    /// Upper West Side; the therapist is eligible there every day, MLD certified; the physician has referrals in every state.
    /// </summary>
    public static class Ids
    {
        public static readonly Guid DowntownLocation = Guid.Parse("b8450541-d809-5904-ae0d-01bc3008e272");
        public static readonly Guid RiversideLocation = Guid.Parse("2bf2d254-8ac1-59fd-a23f-221b20ff335e");
        public static readonly Guid TherapistPractitioner = Guid.Parse("09f6254c-ff4c-5edd-bbee-c781058ef883");
        public static readonly Guid ReferringPhysician = Guid.Parse("f22de99f-233c-5978-844f-314ba177d0d2");
    }

    public sealed record User(string UserName, string DisplayName, string Role, string Password,
        Guid[] LocationIds, Guid? PractitionerId = null, Guid? PhysicianId = null);

    public static readonly IReadOnlyList<User> All =
    [
        new("demo-frontdesk", "Demo Front Desk", "frontdesk", "demo-frontdesk-pass", [Ids.DowntownLocation]),
        new("demo-therapist", "Demo Therapist", "therapist", "demo-therapist-pass", [Ids.DowntownLocation], PractitionerId: Ids.TherapistPractitioner),
        new("demo-manager", "Demo Manager", "manager", "demo-manager-pass", [Ids.DowntownLocation, Ids.RiversideLocation]),
        new("demo-physician", "Demo Physician", "physician", "demo-physician-pass", [], PhysicianId: Ids.ReferringPhysician),
        new("demo-hq-auditor", "Demo HQ Auditor", "hq-auditor", "demo-hq-auditor-pass", []),
        new("demo-admin", "Demo Administrator", "admin", "demo-admin-pass", []),
    ];

    /// <summary>The demo physician practice's EHR system (client credentials, acts for the demo physician).</summary>
    public const string EhrClientId = "ehr-demo";
    public const string EhrSecret = "dev-only-ehr-demo-secret";

    /// <summary>The user the printed <c>curl</c> line signs in as.</summary>
    private static User Example => All.Single(u => u.Role == "manager");

    /// <summary>Has the identity service create (or bring back to this state) every demo user as it starts.</summary>
    public static ResourceBuilder<ProjectResource> WithDemoUsers(this ResourceBuilder<ProjectResource> identity)
    {
        identity.WithEnvironment("Identity__Seed", "demo");
        for (var i = 0; i < All.Count; i++)
        {
            var (user, prefix) = (All[i], $"Identity__DemoUsers__{i}__");
            identity.WithEnvironment(prefix + "UserName", user.UserName)
                .WithEnvironment(prefix + "DisplayName", user.DisplayName)
                .WithEnvironment(prefix + "Role", user.Role)
                .WithEnvironment(prefix + "Password", user.Password);
            for (var l = 0; l < user.LocationIds.Length; l++)
            {
                identity.WithEnvironment($"{prefix}LocationIds__{l}", user.LocationIds[l].ToString());
            }

            if (user.PractitionerId is { } practitioner) identity.WithEnvironment(prefix + "PractitionerId", practitioner.ToString());
            if (user.PhysicianId is { } physician) identity.WithEnvironment(prefix + "PhysicianId", physician.ToString());
        }

        const string ehr = $"Identity__Clients__Ehr__{EhrClientId}__";
        return identity.WithEnvironment(ehr + "DisplayName", "Demo practice EHR")
            .WithEnvironment(ehr + "Secret", EhrSecret)
            .WithEnvironment(ehr + "PhysicianId", Ids.ReferringPhysician.ToString());
    }

    /// <summary>Once the platform is up: who can sign in, and one line that gets a token and calls an API.</summary>
    public static Task PrintAsync(DistributedApplication app, string gatewayUrl)
    {
        var lines = new List<string>
        {
            "",
            "  demo users (Development only; password grant for client platform-cli)",
            "",
            $"  {"user",-16}  {"password",-21}  {"role",-10}  records",
            $"  {new string('-', 16)}  {new string('-', 21)}  {new string('-', 10)}  {new string('-', 40)}",
        };
        lines.AddRange(All.Select(u => $"  {u.UserName,-16}  {u.Password,-21}  {u.Role,-10}  {Records(u)}"));
        lines.Add("");
        lines.Add($"  EHR client {EhrClientId} (secret {EhrSecret}) acts for physician {Ids.ReferringPhysician}");
        lines.Add("");
        lines.Add($"  get a token as {Example.UserName} and call an API through the gateway:");
        lines.Add("  " + CurlLine(gatewayUrl, Example));
        app.Reporter.Raw(string.Join(Environment.NewLine, lines));
        return Task.CompletedTask;
    }

    public static string CurlLine(string gatewayUrl, User user) =>
        $"TOKEN=$(curl -s {gatewayUrl}/connect/token -d grant_type=password -d client_id=platform-cli " +
        $"-d username={user.UserName} -d password={user.Password} -d 'scope=openid profile roles' " +
        "| sed -nE 's/.*\"access_token\": *\"([^\"]+)\".*/\\1/p') && " +
        $"curl -s -H \"Authorization: Bearer $TOKEN\" {gatewayUrl}/api/locations";

    private static string Records(User user) => string.Join(", ",
        user.LocationIds.Select(id => $"location {id}")
            .Concat(user.PractitionerId is { } p ? [$"practitioner {p}"] : [])
            .Concat(user.PhysicianId is { } d ? [$"physician {d}"] : []));
}
