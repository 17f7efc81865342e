using System.Globalization;
using Credentials.Grpc;
using Grpc.Core;
using Platform.ServiceDefaults.Grpc;
using Scheduling.Api.Domain;

namespace Scheduling.Api.Infrastructure;

/// <summary>
/// Asks Credentials (its <c>Eligibility</c> service over gRPC) whether practitioners may treat: for a booking's
/// dates, for the at-risk report, and as eligible windows for the availability search. Each call has the client's
/// deadline; a Credentials that does not answer is <c>DependencyUnavailableException</c> (503).
/// </summary>
public sealed class PractitionerEligibility(Eligibility.EligibilityClient credentials)
{
    public const string ServiceName = "credentials";
    public const string PractitionerUnknown = "practitioner_unknown";

    /// <summary>Credentials answers at most this many checks per batch call.</summary>
    private const int MaxBatch = 500;

    /// <summary>One question: this practitioner, at this jurisdiction, on this local date, for this technique.</summary>
    public sealed record Question(Guid PractitionerId, string Jurisdiction, DateOnly Date, Technique? Technique);

    /// <summary>The answer to one question: no reasons means eligible.</summary>
    public sealed record Answer(Question Question, IReadOnlyList<string> Reasons)
    {
        public bool Eligible => Reasons.Count == 0;
    }

    /// <summary>An eligible practitioner's days (inclusive) within a searched range.</summary>
    public sealed record Window(Guid PractitionerId, DateOnly From, DateOnly To);

    /// <summary>
    /// Answers every question, in order: one call for one question, one batch call for several (a series, the
    /// at-risk report). An unknown practitioner is not eligible, with reason <c>practitioner_unknown</c>.
    /// </summary>
    public async Task<IReadOnlyList<Answer>> CheckAsync(IReadOnlyList<Question> questions, CancellationToken cancellationToken)
    {
        if (questions.Count == 0) return [];
        if (questions.Count == 1)
        {
            var question = questions[0];
            try
            {
                var reply = await RemoteCall.InvokeAsync(ServiceName, async () =>
                    await credentials.CheckEligibilityAsync(Request(question), cancellationToken: cancellationToken));
                return [new Answer(question, reply.Eligible ? [] : reply.Reasons)];
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                return [new Answer(question, [PractitionerUnknown])];
            }
        }

        var answers = new List<Answer>(questions.Count);
        foreach (var chunk in questions.Chunk(MaxBatch))
        {
            var batch = new CheckEligibilityBatchRequest();
            batch.Checks.AddRange(chunk.Select(Request));
            var reply = await RemoteCall.InvokeAsync(ServiceName, async () =>
                await credentials.CheckEligibilityBatchAsync(batch, cancellationToken: cancellationToken));
            if (reply.Results.Count != chunk.Length)
            {
                throw new InvalidOperationException($"Credentials answered {reply.Results.Count} eligibility checks for {chunk.Length} asked.");
            }

            answers.AddRange(chunk.Select((q, i) => new Answer(q, reply.Results[i].Eligible ? [] : reply.Results[i].Reasons)));
        }

        return answers;
    }

    /// <summary>Every practitioner eligible at <paramref name="jurisdiction"/> for the technique on some day of from..to, with the days.</summary>
    public async Task<IReadOnlyList<Window>> EligibleWindowsAsync(
        string jurisdiction, DateOnly from, DateOnly to, Technique? technique, Guid? practitionerId, CancellationToken cancellationToken)
    {
        var request = new ListEligiblePractitionersRequest
        {
            Jurisdiction = jurisdiction,
            From = IsoDate(from),
            To = IsoDate(to),
            Technique = technique is { } t ? WireCode<Technique>.Of(t) : string.Empty,
        };
        if (practitionerId is { } id) request.PractitionerIds.Add(id.ToString());
        var reply = await RemoteCall.InvokeAsync(ServiceName, async () =>
            await credentials.ListEligiblePractitionersAsync(request, cancellationToken: cancellationToken));
        return reply.Windows.Select(w => new Window(Guid.Parse(w.PractitionerId), ParseDate(w.From), ParseDate(w.To))).ToList();
    }

    private static CheckEligibilityRequest Request(Question question) => new()
    {
        PractitionerId = question.PractitionerId.ToString(),
        Jurisdiction = question.Jurisdiction,
        Date = IsoDate(question.Date),
        Technique = question.Technique is { } t ? WireCode<Technique>.Of(t) : string.Empty,
    };

    private static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
