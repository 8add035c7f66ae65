using System.Text.Json;
using System.Text.RegularExpressions;
using Growbin.Contracts.Events;
using Growbin.ServiceDefaults.Data;
using Growbin.UserInfo.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Growbin.UserInfo.Events;

/// <summary>
/// Records each scan-completed event as a scan_history row. Delivery is at-least-once, so the row's natural key
/// (scan_id, ON CONFLICT DO NOTHING) makes a redelivery a no-op. The answer tells the sidecar what to do next:
/// SUCCESS when recorded or already there, and for the scan of a user who does not exist (any more): a scan finishing
/// after its account was deleted is forgotten, not kept as a dead letter, which would keep the deleted user's data;
/// DROP for a message that can never be recorded (unreadable, a scan id of the wrong shape), so it is not redelivered
/// forever; RETRY (HTTP 500) when the database did not answer, so the component redelivers it.
/// </summary>
public sealed partial class ScanCompletedHandler(
    ScanHistoryStore history,
    IOptions<JsonOptions> json,
    ILogger<ScanCompletedHandler> logger)
{
    public async Task<Results<Ok<PubSubResponse>, JsonHttpResult<PubSubResponse>>> HandleAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        // Read by hand rather than bound as a parameter: a body the binder cannot read would be a 400, and the sidecar
        // retries every non-2xx answer except 404. An unreadable event does not get better with retries.
        ScanCompleted? scan;
        try
        {
            scan = await JsonSerializer.DeserializeAsync<ScanCompleted>(request.Body, json.Value.SerializerOptions, cancellationToken);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Dropped an unreadable scan-completed event: {Reason}", ex.Message);
            return TypedResults.Ok(PubSubResponse.Drop);
        }

        if (scan is null || !ScanId().IsMatch(scan.ScanId ?? ""))
        {
            logger.LogWarning("Dropped scan-completed event {EventId}: scan id {ScanId} is not 32 lower-case hex digits",
                scan?.Id, scan?.ScanId);
            return TypedResults.Ok(PubSubResponse.Drop);
        }

        if (!Guid.TryParse(scan.UserId, out var userId))
        {
            logger.LogWarning("Dropped scan {ScanId}: user id {UserId} is not a uuid, so no user can have it", scan.ScanId, scan.UserId);
            return TypedResults.Ok(PubSubResponse.Drop);
        }

        try
        {
            var recorded = await history.RecordAsync(scan, userId, cancellationToken);
            if (!recorded)
            {
                logger.LogInformation("Scan {ScanId} was already in the history; redelivery ignored", scan.ScanId);
            }

            return TypedResults.Ok(PubSubResponse.Success);
        }
        catch (PostgresBindingException ex) when (ex.SqlState == PostgresBindingException.ForeignKeyViolation)
        {
            logger.LogInformation("Forgot scan {ScanId}: user {UserId} does not exist (deleted, or never was)", scan.ScanId, userId);
            return TypedResults.Ok(PubSubResponse.Success);
        }
        catch (PostgresBindingException ex) when (IsAboutTheMessage(ex.SqlState))
        {
            logger.LogWarning(ex, "Dropped scan {ScanId}: the database refused its values (SQLSTATE {SqlState})", scan.ScanId, ex.SqlState);
            return TypedResults.Ok(PubSubResponse.Drop);
        }
        catch (PostgresBindingException ex)
        {
            logger.LogError(ex, "Could not record scan {ScanId}; asking the sidecar to redeliver it", scan.ScanId);
            return TypedResults.Json(PubSubResponse.Retry, statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>Data exceptions (22) and integrity violations (23) come from the values, which a retry sends again.</summary>
    private static bool IsAboutTheMessage(string? sqlState) => sqlState is not null && (sqlState.StartsWith("22", StringComparison.Ordinal) || sqlState.StartsWith("23", StringComparison.Ordinal));

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex ScanId();
}
