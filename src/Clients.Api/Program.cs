using Clients.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddClients();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapClientsApi();

app.Run();

public partial class Program;
