using Growbin.ServiceDefaults.Data;
using Growbin.TaskScheduler.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.TaskScheduler.DeadLetters;

/// <summary>
/// Stores each message delivered on the dead-letter topic, once per event id, and counts it. The body is the dead
/// letter's bytes as the broker held them (the subscription is raw, <see cref="ServiceDefaults.Events.SubscriptionExtensions.MapDeadLetterSubscription"/>).
/// Anything is stored, JSON or not, so the only failure is the database: then RETRY (HTTP 500), and the sidecar
/// redelivers it. Nothing is ever DROPped: this subscription has no dead-letter topic, so a drop would lose it.
/// </summary>
public sealed class DeadLetterHandler(DeadLetterStore store, DeadLetterMetrics metrics, TimeProvider time, ILogger<DeadLetterHandler> logger)
{
    public async Task<Results<Ok<PubSubResponse>, JsonHttpResult<PubSubResponse>>> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        var letter = DeadLetter.Parse(body.GetBuffer().AsSpan(0, (int)body.Length), time.GetUtcNow());

        try
        {
            if (await store.AddAsync(letter, cancellationToken))
            {
                metrics.Stored(letter.Topic);
                logger.LogWarning(
                    "Dead letter {EventId} stored: topic {Topic}, type {Type}, published by {Source}; a subscriber gave up on it",
                    letter.EventId, letter.Topic, letter.Type, letter.Source);
            }
            else
            {
                logger.LogInformation("Dead letter {EventId} was already stored; redelivery ignored", letter.EventId);
            }

            return TypedResults.Ok(PubSubResponse.Success);
        }
        catch (Exception ex) when (ex is PostgresBindingException or InvalidOperationException)
        {
            logger.LogError(ex, "Could not store dead letter {EventId} (topic {Topic}); asking the sidecar to redeliver it", letter.EventId, letter.Topic);
            return TypedResults.Json(PubSubResponse.Retry, statusCode: StatusCodes.Status500InternalServerError);
        }
    }
}
