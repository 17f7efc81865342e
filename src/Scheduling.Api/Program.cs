using Scheduling.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddScheduling();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapSchedulingApi();

app.Run();

public partial class Program;
