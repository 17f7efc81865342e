using System.Net;
using System.Text.Json;
using Scheduling.Api.Domain;
using Scheduling.Api.Features.Appointments;
using static Scheduling.Tests.SchedulingClient;

namespace Scheduling.Tests;

public sealed class StatusTests(SchedulingServiceFactory service) : IClassFixture<SchedulingServiceFactory>
{
    private readonly HttpClient _api = service.CreateApiClient();

    /// <summary>An appointment at a New York location open around the clock, with a practitioner working all that day.</summary>
    private async Task<AppointmentView> BookedAsync(string date = "2026-03-09", string start = "2026-03-09T10:00:00-04:00")
    {
        var location = await _api.CreateLocationAsync(openingHours: EveryDay("00:00", "23:59"), rooms: 1);
        var practitioner = Guid.NewGuid();
        await _api.CreateShiftAsync(practitioner, location.Id, date, "00:00", "23:59");
        return await _api.BookAsync(Booking(Guid.NewGuid(), practitioner, location.Id, start));
    }

    private Task<HttpResponseMessage> MoveAsync(Guid id, string action, object? body = null) =>
        body is null ? _api.PostAsync($"/api/appointments/{id}/{action}", null) : _api.PostJsonAsync($"/api/appointments/{id}/{action}", body);

    [Fact]
    public async Task Booked_checked_in_completed()
    {
        var appointment = await BookedAsync();

        var checkedIn = await (await MoveAsync(appointment.Id, "check-in")).ShouldBeAsync<AppointmentView>(HttpStatusCode.OK);
        var completed = await (await MoveAsync(appointment.Id, "complete")).ShouldBeAsync<AppointmentView>(HttpStatusCode.OK);

        Assert.Equal(AppointmentStatus.CheckedIn, checkedIn.Status);
        Assert.Equal(AppointmentStatus.Completed, completed.Status);
        Assert.Equal("completed", await service.ScalarAsync<string>("SELECT status FROM appointments WHERE id = $1", appointment.Id));
    }

    [Fact]
    public async Task An_illegal_transition_is_a_409_naming_the_current_status()
    {
        var appointment = await BookedAsync();

        var completeTooSoon = await (await MoveAsync(appointment.Id, "complete")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("illegal_transition", completeTooSoon.Code);
        Assert.Contains("The appointment is booked", completeTooSoon.Detail);

        await (await MoveAsync(appointment.Id, "cancel", new { reason = "Therapist ill" })).ShouldBeAsync<AppointmentView>(HttpStatusCode.OK);
        var response = await MoveAsync(appointment.Id, "check-in");
        var body = await response.Content.ReadAsStringAsync();
        var afterCancel = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("illegal_transition", afterCancel.Code);
        Assert.Equal("cancelled", JsonDocument.Parse(body).RootElement.GetProperty("currentStatus").GetString());
        Assert.Equal(("cancelled", "Therapist ill"), (await service.ScalarAsync<string>("SELECT status FROM appointments WHERE id = $1", appointment.Id),
            await service.ScalarAsync<string>("SELECT cancellation_reason FROM appointments WHERE id = $1", appointment.Id)));
    }

    [Fact]
    public async Task A_cancellation_needs_a_reason()
    {
        var appointment = await BookedAsync();

        var none = await (await MoveAsync(appointment.Id, "cancel")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var empty = await (await MoveAsync(appointment.Id, "cancel", new { reason = " " })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var huge = await (await MoveAsync(appointment.Id, "cancel", new { reason = new string('x', 10_000) })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.All([none, empty, huge], p => Assert.Contains("reason", p.Errors!.Keys));
        Assert.Equal("booked", await service.ScalarAsync<string>("SELECT status FROM appointments WHERE id = $1", appointment.Id));
    }

    [Fact]
    public async Task A_no_show_only_once_the_start_has_passed()
    {
        var future = await BookedAsync();
        var tooEarly = await (await MoveAsync(future.Id, "no-show")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("appointment_not_started", tooEarly.Code);

        // The test clock stands at 2026-02-01 12:00 UTC: an appointment that started 2 hours earlier may be a no-show.
        var started = await BookedAsync("2026-02-01", "2026-02-01T10:00:00Z");
        var noShow = await (await MoveAsync(started.Id, "no-show")).ShouldBeAsync<AppointmentView>(HttpStatusCode.OK);
        Assert.Equal(AppointmentStatus.NoShow, noShow.Status);
    }

    [Fact]
    public async Task Two_desks_checking_in_at_once_one_wins()
    {
        var appointment = await BookedAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => MoveAsync(appointment.Id, "check-in")));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task An_unknown_appointment_is_a_404()
    {
        await (await MoveAsync(Guid.NewGuid(), "check-in")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await MoveAsync(Guid.NewGuid(), "cancel", new { reason = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
