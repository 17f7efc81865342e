using Credentials.Api.Apis;
using Credentials.Api.Domain;
using Credentials.Api.Features.Eligibility;
using Credentials.Grpc;
using Grpc.Core;
using Mediator;

namespace Credentials.Api.Grpc;

/// <summary>The gRPC face of the eligibility use cases (credentials.proto), for Scheduling.</summary>
public sealed class EligibilityService(IMediator mediator) : Credentials.Grpc.Eligibility.EligibilityBase
{
    public override async Task<EligibilityReply> CheckEligibility(CheckEligibilityRequest request, ServerCallContext context) =>
        ToReply(await mediator.Send(ToQuery(request, string.Empty), context.CancellationToken));

    public override async Task<CheckEligibilityBatchReply> CheckEligibilityBatch(CheckEligibilityBatchRequest request, ServerCallContext context)
    {
        var checks = request.Checks.Select((check, i) => ToQuery(check, $"checks[{i}].")).ToList();
        var answers = await mediator.Send(new CheckEligibilityBatch(checks), context.CancellationToken);
        var reply = new CheckEligibilityBatchReply();
        reply.Results.AddRange(answers.Select(ToReply));
        return reply;
    }

    public override async Task<ListEligiblePractitionersReply> ListEligiblePractitioners(ListEligiblePractitionersRequest request, ServerCallContext context)
    {
        var windows = await mediator.Send(
            new ListEligiblePractitioners(
                request.Jurisdiction,
                Args.Date(request.From, "from"),
                Args.Date(request.To, "to"),
                request.Technique,
                request.PractitionerIds.Select((id, i) => Args.Guid(id, $"practitionerIds[{i}]")).ToList()),
            context.CancellationToken);
        var reply = new ListEligiblePractitionersReply();
        reply.Windows.AddRange(windows.Select(w => new Credentials.Grpc.EligibleWindow
        {
            PractitionerId = w.PractitionerId.ToString(),
            From = IsoDate.Of(w.From),
            To = IsoDate.Of(w.To),
        }));
        return reply;
    }

    private static CheckEligibility ToQuery(CheckEligibilityRequest request, string prefix) => new(
        Args.Guid(request.PractitionerId, prefix + "practitionerId"),
        request.Jurisdiction,
        Args.Date(request.Date, prefix + "date"),
        request.Technique);

    private static EligibilityReply ToReply(EligibilityAnswer answer)
    {
        var reply = new EligibilityReply { PractitionerId = answer.PractitionerId.ToString(), Eligible = answer.Eligible };
        reply.Reasons.AddRange(answer.Reasons);
        return reply;
    }
}
