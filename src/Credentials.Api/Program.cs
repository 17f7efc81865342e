using Credentials.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCredentials();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapCredentialsApi();

app.Run();

public partial class Program;
