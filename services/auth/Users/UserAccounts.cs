using System.Text.Json;
using Growbin.Auth.OAuth;
using Growbin.ServiceDefaults.Data;

namespace Growbin.Auth.Users;

/// <summary>The users and identities a login touches, in <c>growbin</c> through the <c>growbin-db</c> binding.</summary>
public sealed class UserAccounts(PostgresBinding database)
{
    /// <summary>RFC 5321's limit; a longer address from a provider is not kept.</summary>
    public const int MaxEmailLength = 320;

    // One statement, so a crash can never leave an identity without its user or the other way round. The identity
    // is inserted with a uuid made here; on conflict the existing row is touched instead and keeps its user. xmax = 0
    // only for a freshly inserted row, so "created" says whether the users row must be made too; the users row of an
    // existing identity is never written (the user may have changed the nickname since). The foreign key from
    // identity to user is checked at the end of the statement, when both rows exist. Sent with exec, which reports
    // every error (the binding's query hides errors raised while a statement runs): its rows affected are the users
    // rows inserted, 1 when this login created the user, 0 when the identity was there.
    private const string UpsertSql = """
        WITH identity AS (
            INSERT INTO growbin.user_identities (provider, subject, user_id, email, last_login_at)
            VALUES ($1::text, $2::text, $3::uuid, $4::text, now())
            ON CONFLICT (provider, subject) DO UPDATE
                SET email = EXCLUDED.email, last_login_at = EXCLUDED.last_login_at
            RETURNING user_id, (xmax = 0) AS created
        )
        INSERT INTO growbin.users (id, nickname, profile_image_url)
        SELECT user_id, $5::text, $6::text FROM identity WHERE created
        """;

    /// <summary>$1 provider, $2 subject: the user of an existing identity.</summary>
    private const string UserOfIdentitySql = """
        SELECT user_id::text
        FROM growbin.user_identities
        WHERE provider = $1::text AND subject = $2::text
        """;

    /// <summary>The user behind <paramref name="profile"/> at <paramref name="provider"/>, created on first login.</summary>
    /// <exception cref="PostgresBindingException">The database failed or did not answer.</exception>
    public async Task<LoginAccount> UpsertAsync(string provider, OAuthProfile profile, CancellationToken cancellationToken = default)
    {
        var newUserId = Guid.CreateVersion7().ToString();
        var usersInserted = await database.ExecAsync(UpsertSql,
        [
            provider,
            profile.Subject,
            newUserId,
            profile.Email is { Length: <= MaxEmailLength } email ? email : null,
            ProfileSanitizer.Nickname(profile.Nickname),
            ProfileSanitizer.ImageUrl(profile.ProfileImageUrl),
        ], cancellationToken);
        switch (usersInserted)
        {
            case 1:
                return new LoginAccount(newUserId, Created: true);
            case 0:
                break;
            default:
                throw new InvalidOperationException($"The identity upsert inserted {usersInserted} users instead of 0 or 1.");
        }

        var rows = await database.QueryAsync(UserOfIdentitySql, [provider, profile.Subject], cancellationToken);
        return rows is [[{ ValueKind: JsonValueKind.String } userId]]
            ? new LoginAccount(userId.GetString()!, Created: false)
            // The user was deleted between the two statements (the identity goes with it).
            : throw new InvalidOperationException($"The identity ({provider}) read back {rows.Count} rows instead of one.");
    }
}
