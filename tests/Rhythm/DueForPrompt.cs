using OkrBot.Core.Model;
using OkrBot.Tests.Delivery;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Rhythm;

/// <summary>
/// People due their weekly check-in prompt at <see cref="Now"/>: Friday 20 November 2026 10:30 UTC, just past the default
/// Friday 10:00 prompt in London and Berlin (and within the planner's look-back, so neither zone is skipped). Each has a key
/// result and a captured Teams 1:1 conversation (<see cref="DeliveryWorld.ConversationOf"/> at
/// <see cref="DeliveryWorld.ServiceUrl"/>), all saved in one transaction, so a planner running meanwhile sees a person whole or
/// not at all.
/// </summary>
public static class DueForPrompt
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 30, 0, TimeSpan.Zero);

    /// <summary>The period key of the prompts due at <see cref="Now"/>: the week of Monday 16 November.</summary>
    public const string Week = "2026-11-16";

    public static async Task<IReadOnlyList<Person>> SeedAsync(TestStore store, Org org, int count, string name)
    {
        var people = new List<Person>();
        await using var db = store.Database.Open();
        for (var i = 0; i < count; i++)
        {
            var person = new Person
            {
                TenantId = org.Tenant.Id, ExternalId = $"29:{name}-{i}-{Guid.NewGuid():N}", DisplayName = $"{name} {i}",
                TimeZoneId = i % 2 == 0 ? "Europe/London" : "Europe/Berlin", CreatedAt = Now,
            };
            var objective = new Objective
            {
                TenantId = org.Tenant.Id, CycleId = org.Quarter.Id, Title = $"{name} {i}'s objective", OwnerPersonId = person.Id,
                State = ObjectiveState.Published, CreatedAt = Now,
            };
            db.People.Add(person);
            db.Objectives.Add(objective);
            db.KeyResults.Add(new KeyResult
            {
                TenantId = org.Tenant.Id, ObjectiveId = objective.Id, Title = "Raise NPS", StartValue = 0, TargetValue = 100, Weight = 1,
                OwnerId = person.Id, UpdatedAt = Now,
            });
            db.ConversationReferences.Add(new ConversationReference
            {
                TenantId = org.Tenant.Id, PersonId = person.Id, Channel = Channel.Teams, ChannelId = "msteams", ServiceUrl = DeliveryWorld.ServiceUrl,
                ConversationId = DeliveryWorld.ConversationOf(person), ConversationType = "personal", BotId = "28:" + ConnectorHarness.AppId,
                UserId = person.ExternalId, CapturedAt = Now, UpdatedAt = Now,
            });
            people.Add(person);
        }

        await db.SaveChangesAsync();
        return people;
    }
}
