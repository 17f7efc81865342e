using Platform.ServiceDefaults.Security;

namespace Credentials.Api.Extensions;

/// <summary>The use cases of this service and who may perform them (docs/AUTHORIZATION.md, Credentials). Role only: no row scope.</summary>
public static class Policies
{
    public const string ManagePractitioners = "credentials.manage-practitioners";
    public const string ReadPractitioners = "credentials.read-practitioners";
    public const string OnboardCredentials = "credentials.onboard-credentials";
    public const string VerifyLicenses = "credentials.verify-licenses";
    public const string CheckEligibility = "credentials.check-eligibility";
    public const string ReadAudit = "credentials.read-audit";

    public static IHostApplicationBuilder AddCredentialsAuthorization(this IHostApplicationBuilder builder) =>
        builder.AddPlatformAuthorization(options => options
            // Managers onboard therapists: the practitioner, their licences and certifications.
            .AddUseCase(ManagePractitioners, Roles.Manager, Roles.Admin)
            .AddUseCase(OnboardCredentials, Roles.Manager, Roles.Admin)
            .AddUseCase(ReadPractitioners, Roles.FrontDesk, Roles.Therapist, Roles.Manager, Roles.HqAuditor, Roles.Admin)
            // Licensing belongs to HQ: primary-source verification and status changes.
            .AddUseCase(VerifyLicenses, Roles.HqAuditor, Roles.Admin)
            .AddUseCase(CheckEligibility, Roles.FrontDesk, Roles.Therapist, Roles.Manager, Roles.HqAuditor, Roles.Admin)
            .AddUseCase(ReadAudit, Roles.Manager, Roles.HqAuditor, Roles.Admin));
}
