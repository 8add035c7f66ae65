using System.Globalization;
using System.Text.Json;
using Growbin.ServiceDefaults.Events;
using Growbin.TaskScheduler.Data;
using Growbin.TaskScheduler.DeadLetters;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.TaskScheduler.Apis;

/// <summary>
/// The dead-letter subscription (<c>/events/dead-letter</c>) and the operators' read of what it stored
/// (<c>GET /internal/dead-letters</c>). Both are sidecar-only: an operator reads through service invocation,
/// <c>/v1.0/invoke/task-scheduler/method/internal/dead-letters</c> on a sidecar (with the app API token in Kubernetes).
/// </summary>
public static class DeadLettersApi
{
    public const string SubscriptionRoute = "/events/dead-letter";
    public const string ReadRoute = "/internal/dead-letters";
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapDeadLetters(this IEndpointRouteBuilder routes)
    {
        routes.MapDeadLetterSubscription(SubscriptionRoute,
                (HttpRequest request, DeadLetterHandler handler, CancellationToken cancellationToken) => handler.HandleAsync(request, cancellationToken))
            .WithName("OnDeadLetter")
            .WithSummary("dead-letter subscription: stores each dead letter once, with its original topic.");
        routes.MapGet(ReadRoute, ReadAsync)
            .WithName("GetDeadLetters")
            .WithSummary($"The newest dead letters first; `limit` 1–{MaxLimit} (default {DefaultLimit}).")
            .ExcludeFromDescription();
        return routes;
    }

    private static async Task<Results<Ok<DeadLettersResponse>, ValidationProblem>> ReadAsync(
        string? limit, DeadLetterStore store, CancellationToken cancellationToken)
    {
        var count = DefaultLimit;
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}."],
            });
        }

        var letters = await store.RecentAsync(count, cancellationToken);
        return TypedResults.Ok(new DeadLettersResponse(letters.Select(DeadLetterItem.From).ToList()));
    }
}

/// <summary>Dead letters, newest first.</summary>
public sealed record DeadLettersResponse(IReadOnlyList<DeadLetterItem> Items);

/// <summary>One stored dead letter; <see cref="Event"/> is the message itself (JSON when it was JSON, else its text).</summary>
public sealed record DeadLetterItem(
    string EventId,
    string? Topic,
    string? PubSub,
    string? Type,
    string? Source,
    DateTimeOffset ReceivedAt,
    JsonElement Event)
{
    public static DeadLetterItem From(DeadLetter letter) =>
        new(letter.EventId, letter.Topic, letter.PubSub, letter.Type, letter.Source, letter.ReceivedAt, AsJson(letter.RawEvent));

    private static JsonElement AsJson(string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(raw);
        }
    }
}
