using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults.Mediator;

/// <summary>
/// Runs every FluentValidation validator of a message before its handler; a failure is a
/// <see cref="ValidationException"/>, which becomes 400 with an <c>errors</c> map (REST) or
/// InvalidArgument (gRPC). Nothing is stored when input is bad because the handler never runs.
/// </summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IServiceProvider services) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var validators = services.GetServices<IValidator<TMessage>>();
        List<FluentValidation.Results.ValidationFailure>? failures = null;
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            if (!result.IsValid)
            {
                (failures ??= []).AddRange(result.Errors);
            }
        }

        if (failures is not null)
        {
            throw new ValidationException(failures);
        }

        return await next(message, cancellationToken);
    }
}
