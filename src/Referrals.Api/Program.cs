using Referrals.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddReferrals();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapReferralsApi();

app.Run();

public partial class Program;
