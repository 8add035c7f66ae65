using System.ClientModel;
using System.Security.Claims;
using System.Text;
using Growbin.Ai;
using Growbin.Ai.Budget;
using Growbin.ChatLlm.Ai;
using Growbin.ChatLlm.Conversations;
using Growbin.ChatLlm.CostGuard;
using Growbin.ChatLlm.Grounding;
using Growbin.ChatLlm.Requests;
using Growbin.ChatLlm.Responses;
using Growbin.Knowledge;
using Growbin.ServiceDefaults.Quotas;
using Growbin.ServiceDefaults.Telemetry;
using Growbin.ServiceDefaults.Users;
using Microsoft.Extensions.Options;
using OpenAI.Chat;

namespace Growbin.ChatLlm.Chat;

/// <summary>
/// One chat turn, the same for <c>POST /message</c> (JSON or SSE) and the WebSocket: check the message, the
/// caller's message rate and daily token quota, the conversation and the scan, reserve the turn's tokens from the
/// quota and one call from the global AI budget — all before any model call — then stream the model's answer
/// through <c>onDelta</c>, settle the quota and the budget to the tokens used, and remember both turns only once
/// the answer is whole. The caller's cancellation token runs through the SDK call, so a client that leaves stops the
/// upstream request.
/// </summary>
public sealed class ChatAssistant(
    ConversationStore conversations,
    ChatGrounding grounding,
    ScanLookup scans,
    UserRegionLookup regions,
    ChatModel model,
    ChatMessageLimiter limiter,
    ChatTokenQuota quota,
    IAiBudget budget,
    AiMetrics metrics,
    IOptions<ChatOptions> chatOptions,
    IOptions<OpenAiOptions> modelOptions,
    TimeProvider time,
    ILogger<ChatAssistant> logger)
{
    /// <summary>Answers <paramref name="request"/> for <paramref name="user"/>.</summary>
    /// <param name="authorization">The caller's <c>Authorization</c> header, passed on to read the scan as the caller.</param>
    /// <param name="preferred">The client's language (Accept-Language): the answer's when the message itself shows none.</param>
    /// <param name="onDelta">Receives each piece of text as the model streams it; null when only the whole answer matters.</param>
    public async Task<ChatTurnOutcome> AnswerAsync(
        ClaimsPrincipal user,
        string authorization,
        ChatMessageRequest request,
        TextLanguage preferred,
        Func<string, CancellationToken, Task>? onDelta,
        CancellationToken cancellationToken)
    {
        if (Validate(request) is { } invalid)
        {
            return ChatTurnOutcome.Failed(invalid);
        }

        var userId = user.FindFirstValue("sub") ?? throw new InvalidOperationException("An authenticated caller has a sub claim.");
        var message = request.Message!.Trim();
        if (limiter.TryAcquire(userId) is { } wait)
        {
            return ChatTurnOutcome.Failed(ChatProblems.RateLimited(wait, limiter.PerMinute));
        }

        // Independent reads, sent together: one round trip of waiting instead of three.
        var reading = request.ConversationId is { } conversationId
            ? conversations.GetAsync(conversationId, userId, cancellationToken)
            : Task.FromResult<Conversation?>(null);
        var checkingQuota = quota.ExhaustedAsync(userId, cancellationToken);
        var locating = request.Region is { } sent ? Task.FromResult<string?>(sent) : regions.FindAsync(userId, cancellationToken);
        await Task.WhenAll(reading, checkingQuota, locating);
        var conversation = await reading;
        if (request.ConversationId is not null && conversation is null)
        {
            return ChatTurnOutcome.Failed(ChatProblems.ConversationNotFound());
        }

        if (await checkingQuota is { } untilReset)
        {
            return ChatTurnOutcome.Failed(ChatProblems.QuotaExhausted(untilReset, quota.Quota));
        }

        var history = conversation?.Turns ?? [];
        history = [.. history.Skip(Math.Max(0, history.Count - chatOptions.Value.MaxTurns))];

        // A scan named now must be the caller's; one inherited from an earlier turn only grounds while it is readable.
        var scanId = request.ScanId ?? history.LastOrDefault(t => t.ScanId is not null)?.ScanId;
        ScanView? scan = null;
        if (scanId is not null)
        {
            var found = await scans.FindAsync(scanId, authorization, cancellationToken);
            if (found.IsNotFound && request.ScanId is not null)
            {
                return ChatTurnOutcome.Failed(ChatProblems.ScanNotFound());
            }

            scan = found.Scan;
        }

        var client = await model.GetClientAsync(cancellationToken);
        if (client is null)
        {
            return ChatTurnOutcome.Failed(ChatProblems.AiUnavailable());
        }

        var region = RegionName.TryParse(await locating, out var parsed) ? parsed : null;
        var language = TextLanguages.OfText(message, preferred);
        var prompt = grounding.For(message, history, scan, language, region);
        List<ChatMessage> messages = [new SystemChatMessage(prompt.SystemPrompt)];
        foreach (var turn in history)
        {
            messages.Add(turn.Role == TurnRoles.Assistant ? new AssistantChatMessage(turn.Content) : new UserChatMessage(turn.Content));
        }

        messages.Add(new UserChatMessage(message));

        // The caller's tokens first, before the global budget: what this call could cost at most (the prompt estimate
        // plus the output cap) is taken atomically, so parallel turns cannot pass the quota together.
        var promptEstimate = ChatTokenQuota.PromptEstimate([prompt.SystemPrompt, .. history.Select(t => t.Content), message]);
        QuotaDecision tokens;
        try
        {
            tokens = await quota.TryReserveAsync(userId, promptEstimate + modelOptions.Value.MaxOutputTokens, cancellationToken);
        }
        catch (QuotaContentionException ex)
        {
            logger.LogWarning(ex, "Chat token quota of {UserId}: too many turns at once.", userId);
            return ChatTurnOutcome.Failed(ChatProblems.QuotaBusy());
        }

        if (!tokens.Allowed)
        {
            return ChatTurnOutcome.Failed(ChatProblems.QuotaExhausted(tokens.RetryAfter, quota.Quota));
        }

        // One id for this model call: a repeat of the reservation or of its usage record (a retry on the way) counts once.
        var reservationId = AiBudgetReservation.NewId();
        BudgetDecision reservation;
        try
        {
            reservation = await budget.TryReserveAsync(reservationId, 1, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or Dapr.DaprException && !cancellationToken.IsCancellationRequested)
        {
            // Fail closed: without the budget's word no paid call is made.
            logger.LogWarning(ex, "The daily AI budget could not be reached; chat refuses until it can.");
            await SettleQuotaAsync(userId, tokens, 0);
            return ChatTurnOutcome.Failed(ChatProblems.BudgetUnreachable());
        }

        if (!reservation.Allowed)
        {
            logger.LogWarning("Chat refused by the daily AI budget: {Reason}", reservation.Reason);
            await SettleQuotaAsync(userId, tokens, 0);
            return ChatTurnOutcome.Failed(ChatProblems.BudgetExhausted(ChatTokenQuota.UntilMidnightUtc(time.GetUtcNow())));
        }

        var streamed = await StreamAsync(client, messages, onDelta, cancellationToken);
        // Without a usage report: a call the model refused outright cost nothing; one it began (or that was cut off
        // while it ran) is taken to have cost at least its prompt.
        await SettleQuotaAsync(userId, tokens, streamed.Usage?.TotalTokenCount ?? (streamed.Refused ? 0 : promptEstimate));
        if (streamed.Usage is { } usage)
        {
            await ChargeAsync(userId, reservation.Usage.Day, reservationId, usage);
        }

        if (streamed.Problem is not null || streamed.Cancelled)
        {
            metrics.CallMade(AiMetrics.ChatPurpose, model.Model, streamed.Problem?.Outcome ?? AiCallOutcomes.Cancelled);
            return streamed.Cancelled ? ChatTurnOutcome.Cancelled : ChatTurnOutcome.Failed(streamed.Problem!);
        }

        metrics.CallMade(AiMetrics.ChatPurpose, model.Model, AiCallOutcomes.Ok);
        var text = streamed.Text;
        var cited = grounding.Citations(text);
        var now = time.GetUtcNow();
        try
        {
            conversation ??= await conversations.CreateAsync(userId, cancellationToken);
            await conversations.AppendAsync(conversation.Id, userId,
            [
                new ConversationTurn(TurnRoles.User, message, now, ScanId: scanId),
                new ConversationTurn(TurnRoles.Assistant, text, now, cited.Count == 0 ? null : [.. cited.Select(i => i.Id)]),
            ], cancellationToken);
        }
        catch (ConversationConflictException ex)
        {
            logger.LogWarning(ex, "Conversation {ConversationId}: the answer was not remembered.", conversation!.Id);
            return ChatTurnOutcome.Failed(ChatProblems.ConversationBusy());
        }

        return ChatTurnOutcome.Answered(new ChatMessageResponse(conversation.Id, text, [.. cited.Select(i => new ChatCitation(i.Id, i.Name(language)))]));
    }

    /// <summary>The checks that need nothing but the request: a bad message is refused before anything is read or counted.</summary>
    public static ChatProblem? Validate(ChatMessageRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var message = request.Message?.Trim() ?? "";
        if (message.Length == 0)
        {
            errors["message"] = ["message is required."];
        }
        else if (message.Length > ChatOptions.MaxMessageLength)
        {
            errors["message"] = [$"message must be at most {ChatOptions.MaxMessageLength} characters."];
        }

        if (request.ScanId is not null && !ChatMessageRequest.IsScanId(request.ScanId))
        {
            errors["scanId"] = ["scanId must be 32 lower-case hex digits, as the scan returned it."];
        }

        if (request.Region is { } region && (region.Length > ChatOptions.MaxRegionLength || !RegionName.TryParse(region, out _)))
        {
            errors["region"] = [$"region must be a 시·도 with an optional 시·군·구, at most {ChatOptions.MaxRegionLength} characters, e.g. '서울특별시 마포구' or '서울'; leave it out to use the profile's."];
        }

        if (request.ConversationId is not null && !ConversationId.IsValid(request.ConversationId))
        {
            errors["conversationId"] = ["conversationId must be 32 lower-case hex digits, as an earlier answer returned it."];
        }

        return errors.Count == 0 ? null : ChatProblems.Validation(errors);
    }

    /// <param name="Refused">The model answered the request with an error status before sending anything.</param>
    private sealed record Streamed(string Text, ChatTokenUsage? Usage, ChatProblem? Problem, bool Cancelled, bool Refused = false);

    private async Task<Streamed> StreamAsync(
        ChatClient client, List<ChatMessage> messages, Func<string, CancellationToken, Task>? onDelta, CancellationToken cancellationToken)
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = modelOptions.Value.MaxOutputTokens };
        var reply = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        var began = false;
        try
        {
            await foreach (var update in client.CompleteChatStreamingAsync(messages, options, cancellationToken).WithCancellation(cancellationToken))
            {
                began = true;
                finish = update.FinishReason ?? finish;
                usage = update.Usage ?? usage;
                foreach (var part in update.ContentUpdate)
                {
                    if (part.Kind == ChatMessageContentPartKind.Text && !string.IsNullOrEmpty(part.Text))
                    {
                        reply.Append(part.Text);
                        if (onDelta is not null)
                        {
                            await onDelta(part.Text, cancellationToken);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left (or its write failed): the SDK call was cancelled with it.
            return new Streamed("", usage, null, Cancelled: true);
        }
        catch (Exception ex) when (ChatProblems.ModelFailure(ex) is { } failure)
        {
            return new Streamed("", usage, failure, Cancelled: false, Refused: !began && ex is ClientResultException);
        }

        var text = reply.ToString().Trim();
        return finish is null || text.Length == 0
            ? new Streamed("", usage, ChatProblems.BrokenAnswer(), Cancelled: false)
            : new Streamed(text, usage, null, Cancelled: false);
    }

    /// <summary>Replaces the turn's token reservation with <paramref name="used"/>; never fails the turn.</summary>
    private async Task SettleQuotaAsync(string userId, QuotaDecision reservation, long used)
    {
        try
        {
            // Not the request's token: a client that left after the answer still pays for it.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await quota.SettleAsync(userId, reservation, used, timeout.Token);
        }
        catch (Exception ex) when (ex is Dapr.DaprException or OperationCanceledException)
        {
            logger.LogWarning(ex, "Chat token quota of {UserId}: the reservation of {Reserved} was not settled to {Used}.", userId, reservation.Reserved, used);
        }
    }

    /// <summary>Counts what the call cost on the metrics and the day's budget; never fails the turn.</summary>
    private async Task ChargeAsync(string userId, string budgetDay, string reservationId, ChatTokenUsage usage)
    {
        var cost = model.CostOf(usage.InputTokenCount, usage.OutputTokenCount);
        metrics.Usage(AiMetrics.ChatPurpose, model.Model, usage.InputTokenCount, usage.OutputTokenCount, cost);
        try
        {
            // Not the request's token: a client that left after the answer still pays for it.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await budget.RecordUsageAsync(budgetDay, reservationId,
                new AiUsage(usage.InputTokenCount, usage.OutputTokenCount, cost ?? 0m), timeout.Token);
        }
        catch (Exception ex) when (ex is Dapr.DaprException or OperationCanceledException or HttpRequestException)
        {
            logger.LogWarning(ex, "Chat usage of {UserId} ({Tokens} tokens) was not fully counted.", userId, usage.TotalTokenCount);
        }
    }
}
