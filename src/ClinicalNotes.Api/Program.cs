using ClinicalNotes.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddClinicalNotes();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapClinicalNotesApi();

app.Run();

public partial class Program;
