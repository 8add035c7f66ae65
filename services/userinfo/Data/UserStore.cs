using System.Text.Json;
using Growbin.ServiceDefaults.Data;
using Growbin.UserInfo.Profiles;
using Growbin.UserInfo.Responses;

namespace Growbin.UserInfo.Data;

/// <summary>Profiles in growbin.users, through the growbin-db binding.</summary>
public sealed class UserStore(PostgresBinding db)
{
    public async Task<UserProfileResponse?> GetAsync(Guid userId, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync(UserQueries.GetProfile, [Id(userId)], cancellationToken);
        return rows.Count == 0 ? null : ToProfile(rows[0]);
    }

    /// <summary>
    /// Replaces every editable field (PUT), then reads the profile back; null when there is no such user (or it was
    /// deleted in between).
    /// </summary>
    public async Task<UserProfileResponse?> ReplaceAsync(Guid userId, ProfileUpdate update, CancellationToken cancellationToken)
    {
        var updated = await db.ExecAsync(
            UserQueries.ReplaceProfile,
            [Id(userId), update.Nickname, update.ProfileImageUrl, update.Region],
            cancellationToken);
        return updated == 0 ? null : await GetAsync(userId, cancellationToken);
    }

    /// <summary>Deletes the user with their identities and scan history; false when there was no such user.</summary>
    public async Task<bool> DeleteAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.ExecAsync(UserQueries.DeleteUser, [Id(userId)], cancellationToken) > 0;

    private static string Id(Guid userId) => userId.ToString("D");

    private static UserProfileResponse ToProfile(JsonElement[] row) => new(
        Columns.Uuid(row[0]),
        Columns.Text(row[1]),
        Columns.NullableText(row[2]),
        Columns.NullableText(row[3]),
        Columns.Timestamp(row[4]),
        Columns.Timestamp(row[5]));
}
