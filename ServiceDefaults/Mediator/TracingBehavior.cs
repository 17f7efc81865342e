using System.Diagnostics;
using Mediator;
using Platform.ServiceDefaults.Problems;

namespace Platform.ServiceDefaults.Mediator;

/// <summary>
/// One span per use case, named after the message type. Only the type and the outcome are
/// recorded, never the message's content, which may hold PHI.
/// </summary>
public sealed class TracingBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string UseCase = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        using var activity = PlatformTelemetry.UseCases.StartActivity(UseCase);
        activity?.SetTag("platform.use_case", UseCase);
        try
        {
            return await next(message, cancellationToken);
        }
        catch (ProblemException problem)
        {
            activity?.SetTag("platform.outcome", problem.Code ?? problem.StatusCode.ToString());
            if (problem.StatusCode >= 500) activity?.SetStatus(ActivityStatusCode.Error, problem.GetType().Name);
            throw;
        }
        catch (FluentValidation.ValidationException)
        {
            activity?.SetTag("platform.outcome", "invalid");
            throw;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }
}
