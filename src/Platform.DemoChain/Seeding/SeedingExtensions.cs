using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Platform.DemoChain.Seeding;

public static class SeedingExtensions
{
    /// <summary>
    /// Gives a new entity the demo chain's id for it before it is added. Domain factories mint UUID v7 ids;
    /// the demo's ids are name-based so that every service and every run agree on them.
    /// </summary>
    public static T WithId<T>(this DbContext db, T entity, Guid id) where T : class
    {
        db.Entry(entity).Property("Id").CurrentValue = id;
        return entity;
    }

    /// <summary>
    /// Makes code that asks "who is acting" (audit trails, <c>CurrentUser</c>) see <paramref name="userId"/>
    /// until the returned scope is disposed: seeding runs outside any request.
    /// </summary>
    public static IDisposable ActAs(this IHttpContextAccessor accessor, string userId)
    {
        var previous = accessor.HttpContext;
        accessor.HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", userId)], authenticationType: "demo-seed")),
        };
        return new Restore(() => accessor.HttpContext = previous);
    }

    /// <summary>An instant on a day at a time of day, UTC.</summary>
    public static DateTimeOffset At(this DateOnly day, int hour, int minute = 0) => new(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.Zero);

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
