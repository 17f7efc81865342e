using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.Events.Grpc;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Security;

namespace Platform.Events;

public static class EventsExtensions
{
    /// <summary>
    /// This service publishes events: <see cref="EventOutbox"/> to write them, and the dispatcher that delivers
    /// them to the services named in <c>Events:Subscriptions</c> (each addressed as <c>http://_grpc.{service}</c>
    /// through service discovery). Needs the service's <c>NpgsqlDataSource</c> (<c>AddNpgsqlDbContext</c>), and
    /// <c>modelBuilder.AddOutbox()</c> plus <c>migrationBuilder.AddOutboxTriggers()</c> in its migrations.
    /// A use case that commits its own transaction calls <see cref="EventOutbox.Committed"/> afterwards.
    /// </summary>
    public static IHostApplicationBuilder AddEventPublisher(this IHostApplicationBuilder builder)
    {
        AddCommon(builder).Outbox = true;
        var subscriptions = EventSubscriptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(subscriptions);
        builder.Services.AddSingleton(new EventSourceName(SourceName(builder)));
        builder.Services.AddSingleton<OutboxWake>();
        builder.Services.AddSingleton(sp => new EventOutbox(
            sp.GetRequiredService<EventSubscriptions>(), sp.GetRequiredService<EventSourceName>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<OutboxWake>()));
        builder.Services.AddHostedService<OutboxDispatcher>();

        foreach (var subscriber in subscriptions.Subscribers)
        {
            // The dispatcher owns retries, backoff and the deadline of a delivery; the platform's interactive
            // resilience handler (2 s total, breaker) would cut batches short, so it is removed here, the way
            // Microsoft documents it for one client among defaults (the API is marked experimental).
#pragma warning disable EXTEXP0001
            // Deliveries carry this service's token (the subscriber's sink admits platform services only).
            builder.Services
                .AddGrpcClient<EventSink.EventSinkClient>(OutboxDispatcher.ClientName(subscriber),
                    o => o.Address = new Uri($"http://_grpc.{subscriber}"))
                .RemoveAllResilienceHandlers()
                .AddServiceToken();
#pragma warning restore EXTEXP0001
        }

        return builder;
    }

    /// <summary>
    /// This service consumes events, applied through <typeparamref name="TDbContext"/> (whose model must call
    /// <c>modelBuilder.AddInbox()</c>). Register one handler per event type on the returned builder, and map
    /// the endpoint with <see cref="MapEventSink"/>.
    /// </summary>
    public static EventConsumerBuilder AddEventConsumer<TDbContext>(this IHostApplicationBuilder builder) where TDbContext : DbContext
    {
        AddCommon(builder).Inbox = true;
        builder.Services.AddGrpc();
        builder.AddServiceCallerAuthorization();
        builder.Services.TryAddSingleton<EventHandlerRegistry>();
        builder.Services.TryAddSingleton<IEventApplier, EventConsumer<TDbContext>>();
        builder.Services.AddHostedService<InboxModelCheck<TDbContext>>();
        return new EventConsumerBuilder(builder.Services);
    }

    /// <summary>
    /// Serves <c>platform.events.v1.EventSink</c>, where publishers deliver: platform services only (a service token,
    /// <see cref="PlatformAuthorization.InternalCallers"/>); anything else is refused before an event is applied.
    /// </summary>
    public static IEndpointRouteBuilder MapEventSink(this IEndpointRouteBuilder app)
    {
        app.MapInternalGrpcService<EventSinkService>();
        return app;
    }

    private static RetentionTargets AddCommon(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EventsOptions>()
            .BindConfiguration(EventsOptions.SectionName)
            .Validate(o => !o.Problems().Any(), "Invalid Events configuration")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<EventsTelemetry>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        var targets = builder.Services.Select(d => d.ImplementationInstance).OfType<RetentionTargets>().FirstOrDefault();
        if (targets is null)
        {
            targets = new RetentionTargets();
            builder.Services.AddSingleton(targets);
            builder.Services.AddHostedService<EventsRetention>();
        }

        return targets;
    }

    private static string SourceName(IHostApplicationBuilder builder) =>
        builder.Configuration[$"{EventsOptions.SectionName}:{nameof(EventsOptions.Source)}"]
        ?? builder.Configuration["OTEL_SERVICE_NAME"]
        ?? builder.Environment.ApplicationName;
}

/// <summary>Registers the handlers of a consuming service.</summary>
public sealed class EventConsumerBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>
    /// <typeparamref name="THandler"/> applies every <typeparamref name="TEvent"/> delivered to this service
    /// (scoped: it may inject the DbContext, which is the one the event is applied in).
    /// </summary>
    public EventConsumerBuilder AddEventHandler<TEvent, THandler>()
        where TEvent : IMessage<TEvent>, new()
        where THandler : class, IEventHandler<TEvent>
    {
        Services.AddScoped<THandler>();
        Services.AddSingleton(EventHandlerRegistration.For<TEvent, THandler>());
        return this;
    }
}
