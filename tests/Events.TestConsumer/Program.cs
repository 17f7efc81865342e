using Events.TestConsumer;
using Events.TestPublisher.Contracts;
using Grpc.AspNetCore.Server;
using Platform.Events;
using Platform.ServiceDefaults.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDbContext<ConsumerDbContext>("consumerdb");
builder.AddGrpcServer();
builder.AddEventConsumer<ConsumerDbContext>()
    .AddEventHandler<CounterIncremented, CounterIncrementedHandler>();

builder.Services.AddSingleton<DeliveryLog>();
builder.Services.AddSingleton<DeliveryLogInterceptor>();
builder.Services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<DeliveryLogInterceptor>());

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapEventSink();
app.MapGet("/stats", (DeliveryLog log) => log.Stats());
app.MapGet("/attempts/{eventId}", (string eventId, DeliveryLog log) => log.AttemptsOf(eventId));
app.MapPost("/poison/heal", (DeliveryLog log) => log.Healed = true);

app.Run();

public partial class Program;
