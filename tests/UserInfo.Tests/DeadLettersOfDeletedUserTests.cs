using System.Net;

namespace Growbin.UserInfo.Tests;

/// <summary>
/// Deleting an account takes the dead letters that name it (a scan-completed task-scheduler stored when userinfo could
/// not take it, say) in the same statement; user-deleted's own letters, the record of a purge still to replay, stay.
/// </summary>
[Collection(UserInfoCollection.Name)]
public sealed class DeadLettersOfDeletedUserTests(UserInfoHost host)
{
    [Fact]
    public async Task The_accounts_dead_letters_go_with_it_except_user_deleted_ones_and_nobody_elses_go()
    {
        var leaving = await host.CreateUserAsync("떠나는사람");
        var staying = await host.CreateUserAsync("남는사람");
        var mine = await AddDeadLetterAsync("scan-completed", leaving);
        var replay = await AddDeadLetterAsync("user-deleted", leaving);
        var theirs = await AddDeadLetterAsync("scan-completed", staying);
        var untopical = await AddDeadLetterAsync(null, leaving);

        (await host.ClientFor(leaving).DeleteAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await LetterAsync(mine)).Should().Be(0);
        (await LetterAsync(untopical)).Should().Be(0, "a letter whose topic could not be read is matched on its text all the same");
        (await LetterAsync(replay)).Should().Be(1);
        (await LetterAsync(theirs)).Should().Be(1);
    }

    private async Task<string> AddDeadLetterAsync(string? topic, Guid userId)
    {
        var eventId = Guid.NewGuid().ToString();
        await using var command = host.Database.Sql.CreateCommand("""
            INSERT INTO growbin.dead_letters (event_id, topic, pubsub, type, source, raw_event, received_at)
            VALUES ($1, $2, 'pubsub', 'com.dapr.event.sent', 'scan-pipeline', $3, now())
            """);
        command.Parameters.AddWithValue(eventId);
        command.Parameters.AddWithValue((object?)topic ?? DBNull.Value);
        command.Parameters.AddWithValue(System.Text.Json.JsonSerializer.Serialize(new { id = eventId, topic, data = new { userId, imageKey = "images/x.jpg" } }));
        await command.ExecuteNonQueryAsync();
        return eventId;
    }

    private Task<long> LetterAsync(string eventId) => host.CountAsync("SELECT count(*) FROM growbin.dead_letters WHERE event_id = $1", eventId);
}
