using OkrBot.Core.Model;

namespace OkrBot.Core.Sheets;

/// <summary>Who owns an objective: a person or a team, never both.</summary>
internal readonly record struct OwnerRef(Guid? PersonId, Guid? TeamId)
{
    public static OwnerRef Of(Objective o) => new(o.OwnerPersonId, o.OwnerTeamId);
}

/// <summary>
/// The people and teams of one tenant as a sheet names them: by display name (width and case do not matter), by a person's
/// messenger id (for two people of one name), or by id. Exports write the same way round, so what they write reads back.
/// </summary>
internal sealed class SheetDirectory
{
    private readonly Dictionary<string, List<Person>> _peopleByName;
    private readonly Dictionary<string, List<Team>> _teamsByName;
    private readonly Dictionary<string, Person> _peopleByExternalId;
    private readonly Dictionary<Guid, Person> _people;
    private readonly Dictionary<Guid, Team> _teams;
    private readonly string _tenantName;

    public SheetDirectory(string tenantName, IReadOnlyCollection<Person> people, IReadOnlyCollection<Team> teams)
    {
        _tenantName = tenantName;
        _people = people.ToDictionary(p => p.Id);
        _teams = teams.ToDictionary(t => t.Id);
        _peopleByName = people.GroupBy(p => SheetText.Key(p.DisplayName)).ToDictionary(g => g.Key, g => g.ToList());
        _teamsByName = teams.GroupBy(t => SheetText.Key(t.Name)).ToDictionary(g => g.Key, g => g.ToList());
        _peopleByExternalId = people.GroupBy(p => p.ExternalId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
    }

    public Person Person(Guid id) => _people[id];
    public Team Team(Guid id) => _teams[id];

    /// <summary>The person or team a "person or team" cell names, or why it names none (unknown, ambiguous).</summary>
    public (OwnerRef? Found, string? Problem) Owner(string text)
    {
        var (people, teams) = Candidates(text);
        switch (people.Count + teams.Count)
        {
            case 0:
                return (null, $"no person or team is called that in {_tenantName}.");
            case 1 when people.Count == 1:
                return (new OwnerRef(people[0].Id, null), null);
            case 1:
                return (new OwnerRef(null, teams[0].Id), null);
            default:
                return (null, Ambiguous(people, teams));
        }
    }

    /// <summary>The person an "owner" cell names: KRs are owned by one person, their single point of contact.</summary>
    public (Person? Found, string? Problem) KeyResultOwner(string text)
    {
        var (people, teams) = Candidates(text);
        return people.Count switch
        {
            0 when teams.Count > 0 => (null, $"a key result is owned by one person, and \"{teams[0].Name}\" is a team: name its owner."),
            0 => (null, $"no person is called that in {_tenantName}."),
            1 => (people[0], null),
            _ => (null, Ambiguous(people, [])),
        };
    }

    /// <summary>What an export writes for an objective's owner: the name, unless the name would not read back to the same one.</summary>
    public string Reference(OwnerRef owner) =>
        owner.PersonId is { } personId ? Reference(_people[personId]) : Reference(_teams[owner.TeamId!.Value]);

    public string Reference(Person person)
    {
        var (people, teams) = Candidates(person.DisplayName);
        return people.Count == 1 && people[0].Id == person.Id && teams.Count == 0 ? person.DisplayName : person.ExternalId;
    }

    private string Reference(Team team)
    {
        var (people, teams) = Candidates(team.Name);
        return teams.Count == 1 && teams[0].Id == team.Id && people.Count == 0 ? team.Name : team.Id.ToString();
    }

    /// <summary>How an owner reads in a message: "Li Wei" or "Sales (team)".</summary>
    public string Describe(OwnerRef owner) =>
        owner.PersonId is { } personId ? _people[personId].DisplayName : $"{_teams[owner.TeamId!.Value].Name} (team)";

    /// <summary>
    /// An id (a person's or a team's), a person's messenger id, or a name. Among people of one name the active ones are
    /// meant: a namesake who left does not make the name ambiguous.
    /// </summary>
    private (List<Person> People, List<Team> Teams) Candidates(string text)
    {
        var trimmed = text.Trim();
        if (Guid.TryParse(trimmed, out var id))
        {
            if (_people.TryGetValue(id, out var byId)) return ([byId], []);
            if (_teams.TryGetValue(id, out var team)) return ([], [team]);
        }
        if (_peopleByExternalId.TryGetValue(trimmed, out var byExternalId)) return ([byExternalId], []);

        var key = SheetText.Key(trimmed);
        var people = _peopleByName.GetValueOrDefault(key) ?? [];
        if (people.Any(p => p.IsActive)) people = people.Where(p => p.IsActive).ToList();
        return (people, _teamsByName.GetValueOrDefault(key) ?? []);
    }

    /// <summary>
    /// Why <paramref name="owner"/> cannot be given something new: they are deactivated (they left). What they already own
    /// may stay theirs, so that an export of a cycle still reads back.
    /// </summary>
    public string? Deactivated(OwnerRef owner) =>
        owner.PersonId is { } id && _people[id] is { IsActive: false } person
            ? $"{person.DisplayName} ({person.ExternalId}) is deactivated in OkrBot: give it to someone who is here."
            : null;

    private string Ambiguous(List<Person> people, List<Team> teams)
    {
        var candidates = people.OrderBy(p => p.ExternalId, StringComparer.Ordinal).Select(p => $"{p.DisplayName} (person{TeamOf(p)}, id {p.ExternalId})")
            .Concat(teams.Select(t => $"{t.Name} (team, id {t.Id})"));
        return $"matches {people.Count + teams.Count}: {string.Join("; ", candidates)}. Write the id instead of the name.";
    }

    private string TeamOf(Person person) =>
        person.TeamId is { } teamId && _teams.TryGetValue(teamId, out var team) ? $" in {team.Name}" : "";
}
