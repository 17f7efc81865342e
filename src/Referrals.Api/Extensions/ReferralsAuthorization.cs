using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;

namespace Referrals.Api.Extensions;

/// <summary>
/// The use cases of this service and who may perform them (docs/AUTHORIZATION.md, Referrals). Physicians are
/// outsiders: they see only themselves and their own referrals (another's is 404: they learn nothing about it),
/// checked in the handlers with <see cref="PhysicianScope"/>.
/// </summary>
public static class Policies
{
    public const string RegisterPhysician = "referrals.register-physician";
    public const string ReadPhysician = "referrals.read-physician";
    public const string SubmitReferral = "referrals.submit";
    public const string ReadReferrals = "referrals.read";
    public const string DecideReferral = "referrals.decide";
    public const string ReadProgressReport = "referrals.read-progress-report";

    public static IHostApplicationBuilder AddReferralsAuthorization(this IHostApplicationBuilder builder) =>
        builder.AddPlatformAuthorization(options => options
            .AddUseCase(RegisterPhysician, Roles.FrontDesk, Roles.Manager, Roles.Admin)
            .AddUseCase(ReadPhysician, Roles.FrontDesk, Roles.Therapist, Roles.Manager, Roles.Admin, Roles.Physician)
            .AddUseCase(SubmitReferral, Roles.Physician, Roles.FrontDesk, Roles.Manager, Roles.Admin)
            .AddUseCase(ReadReferrals, Roles.FrontDesk, Roles.Therapist, Roles.Manager, Roles.Admin, Roles.Physician)
            // Accept, reject and complete: the clinic's decisions about a prescription.
            .AddUseCase(DecideReferral, Roles.FrontDesk, Roles.Manager, Roles.Admin)
            .AddUseCase(ReadProgressReport, Roles.Therapist, Roles.Manager, Roles.Admin, Roles.Physician));
}

/// <summary>What a physician caller may see and do; callers with a clinic role are not restricted here.</summary>
public static class PhysicianScope
{
    /// <summary>
    /// The only physician whose rows the caller may see, when the caller acts as a physician alone; null for everyone
    /// else. A physician token without a physician id sees no rows (<see cref="Guid.Empty"/> matches none).
    /// </summary>
    public static Guid? OwnPhysicianOnly(this CurrentUser user) => user.IsOnlyPhysician() ? user.PhysicianId ?? Guid.Empty : null;

    /// <summary>404 (not 403) for a physician asking about another physician's row: outsiders learn nothing about it.</summary>
    public static void RequireOwn(this CurrentUser user, Guid physicianId, string what, Guid id)
    {
        if (user.OwnPhysicianOnly() is { } own && own != physicianId) throw new NotFoundException(what, id);
    }

    /// <summary>A physician submits referrals as themself only: 403 for another physician's id.</summary>
    public static void RequireSubmittingAsSelf(this CurrentUser user, Guid physicianId)
    {
        if (user.OwnPhysicianOnly() is { } own && own != physicianId)
        {
            throw new AccessDeniedException(AccessDeniedException.NotYourPhysicianId,
                "You can submit referrals as yourself only: use your own physician id as physicianId.");
        }
    }
}
