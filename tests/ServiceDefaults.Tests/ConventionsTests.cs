using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Json;
using Platform.ServiceDefaults.Problems;

namespace ServiceDefaults.Tests;

public sealed class ConventionsTests
{
    [Theory]
    [InlineData("FirstName", "firstName")]
    [InlineData("Insurance.MemberId", "insurance.memberId")]
    [InlineData("OpeningHours[0].Opens", "openingHours[0].opens")]
    [InlineData("", "$")]
    public void Field_paths_are_camel_case_on_the_wire(string property, string wire) =>
        Assert.Equal(wire, FieldErrors.ToWirePath(property));

    [Theory]
    [InlineData("$.dateOfBirth", "dateOfBirth")]
    [InlineData("$.openingHours[1].closes", "openingHours[1].closes")]
    [InlineData("$", "$")]
    public void Json_paths_name_the_field(string jsonPath, string field) =>
        Assert.Equal(field, FieldErrors.FromJsonPath(jsonPath));

    private sealed record Hours(TimeOnly Opens, DayOfWeek Day);

    [Fact]
    public void Local_times_travel_as_hours_and_minutes_and_enums_as_kebab_codes()
    {
        var json = JsonSerializer.Serialize(new Hours(new TimeOnly(9, 30), DayOfWeek.Monday), PlatformJson.Web);
        Assert.Equal("""{"opens":"09:30","day":"monday"}""", json);
        Assert.Equal(new TimeOnly(7, 5), JsonSerializer.Deserialize<Hours>("""{"opens":"07:05","day":"friday"}""", PlatformJson.Web)!.Opens);
    }

    [Theory]
    [InlineData("""{"opens":"25:00","day":"monday"}""")]
    [InlineData("""{"opens":"9.30","day":"monday"}""")]
    [InlineData("""{"opens":"09:30","day":1}""")]
    public void Malformed_times_and_numeric_enums_are_rejected(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Hours>(json, PlatformJson.Web));

    [Fact]
    public void A_missing_connection_string_names_the_key_and_the_variable()
    {
        var configuration = new ConfigurationBuilder().Build();
        var error = Assert.Throws<InvalidOperationException>(() => ConnectionStrings.Require(configuration, "schedulingdb"));
        Assert.Contains("'ConnectionStrings:schedulingdb'", error.Message);
        Assert.Contains("ConnectionStrings__schedulingdb", error.Message);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_at_startup()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:clientsdb"] = "Hots=x;Prot=1" })
            .Build();
        var error = Assert.Throws<InvalidOperationException>(() => ConnectionStrings.Require(configuration, "clientsdb"));
        Assert.Contains("is not a valid PostgreSQL connection string", error.Message);
    }

    [Fact]
    public void Descriptions_of_connection_strings_never_carry_the_password() =>
        Assert.DoesNotContain("hunter2", ConnectionStrings.Describe("Host=db;Port=5433;Database=notesdb;Username=app;Password=hunter2"));

    [Fact]
    public void Validation_failures_become_400_with_every_field_named()
    {
        var problem = ProblemExceptionHandler.ToProblem(
            new ValidationException([new ValidationFailure("Insurance.MemberId", "Member id is required."), new ValidationFailure("DateOfBirth", "Must be in the past.")]),
            new DefaultHttpContext());

        var validation = Assert.IsType<HttpValidationProblemDetails>(problem);
        Assert.Equal(400, validation.Status);
        Assert.Equal(["insurance.memberId", "dateOfBirth"], validation.Errors.Keys.ToArray());
    }

    [Fact]
    public void A_business_refusal_carries_its_code_and_every_reason()
    {
        var problem = ProblemExceptionHandler.ToProblem(
            new BusinessRuleException("practitioner_not_eligible", ["license_expired", "certification_missing:MLD"]), new DefaultHttpContext());

        Assert.Equal(422, problem.Status);
        Assert.Equal("practitioner_not_eligible", problem.Extensions["code"]);
        Assert.Equal(new[] { "license_expired", "certification_missing:MLD" }, (IReadOnlyList<string>)problem.Extensions["reasons"]!);
    }

    [Fact]
    public void An_unexpected_error_is_a_500_that_reveals_nothing_of_the_exception()
    {
        var problem = ProblemExceptionHandler.ToProblem(new InvalidOperationException("patient Jane Doe born 1961-02-03"), new DefaultHttpContext());

        Assert.Equal(500, problem.Status);
        Assert.DoesNotContain("Jane", problem.Detail);
    }

    [Fact]
    public void A_database_that_does_not_answer_in_time_is_a_503_to_retry_not_a_500()
    {
        // What EF Core throws after its retries when a burst has exhausted the connection pool.
        var exhausted = new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new Npgsql.NpgsqlException("The connection pool has been exhausted, either raise 'Max Pool Size' (currently 100) or 'Timeout'.", new TimeoutException()));

        var problem = ProblemExceptionHandler.ToProblem(exhausted, new DefaultHttpContext());

        Assert.Equal(503, problem.Status);
        Assert.Equal("database_unavailable", problem.Extensions["code"]);
        Assert.Equal(500, ProblemExceptionHandler.ToProblem(new Npgsql.NpgsqlException("protocol violation"), new DefaultHttpContext()).Status);
    }
}
