using Identity.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIdentityProvider();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapIdentityProvider();

app.Run();

public partial class Program;
