using System.Buffers;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Json;
using Growbin.Knowledge;
using Growbin.ChatLlm.Chat;
using Growbin.ChatLlm.Requests;

namespace Growbin.ChatLlm.Apis;

/// <summary>
/// One chat WebSocket. In: text frames holding <c>{conversationId?, message, scanId?}</c> (at most
/// <see cref="MaxFrameBytes"/>), one at a time. Out: <c>{"type":"delta","text"}</c> per streamed piece, then
/// <c>{"type":"done","conversationId","reply","citations"}</c> or <c>{"type":"error","error":{ProblemDetails}}</c>.
/// The socket keeps reading while an answer streams, so a close (or a vanished client) cancels the model call at
/// once; a message sent while an answer is still streaming gets a <c>chat-busy</c> error and is dropped. Before every
/// message that would be answered, the token the socket was opened with is checked again (<see cref="ChatSocketAccess"/>):
/// once it has expired, been logged out or its account deleted, that message gets a <c>token-expired</c> or
/// <c>token-revoked</c> error frame and the socket closes with 1008 (policy violation). Expiry needs no message: an
/// idle socket gets the <c>token-expired</c> frame and the 1008 close the moment its token expires (an answer
/// streaming then is let finish first), and one whose client does not answer that close within
/// <see cref="CloseGrace"/> is aborted.
/// </summary>
public sealed class ChatSocketSession(
    WebSocket socket,
    ClaimsPrincipal user,
    string authorization,
    TextLanguage language,
    ChatAssistant assistant,
    ChatSocketAccess access,
    TimeProvider time,
    ILogger<ChatSocketSession> logger)
{
    public const int MaxFrameBytes = 64 * 1024;

    /// <summary>How long a client has to answer the server's close before its socket is aborted.</summary>
    public static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private Task _turn = Task.CompletedTask;
    private int _ended;

    public async Task RunAsync(CancellationToken aborted)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxFrameBytes);
        var expiry = CloseAtExpiryAsync(session);
        try
        {
            while (await ReceiveAsync(buffer, session.Token) is { } length)
            {
                if (Volatile.Read(ref _ended) == 1)
                {
                    continue; // closed already: what the client sent before it saw the close is dropped
                }

                if (length < 0)
                {
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"A message is at most {MaxFrameBytes} bytes.");
                    break;
                }

                if (!_turn.IsCompleted)
                {
                    await SendAsync(ErrorFrame(ChatProblems.SocketBusy()), session.Token);
                    continue;
                }

                if (access.HasExpired(user))
                {
                    await EndAsync(ChatProblems.TokenExpired(), session.Token);
                    break;
                }

                if (Parse(buffer.AsSpan(0, length)) is not { } request)
                {
                    await SendAsync(ErrorFrame(ChatProblems.Validation(new Dictionary<string, string[]>
                    {
                        ["$"] = ["Send one JSON object per text frame: {\"message\": \"…\", \"conversationId\"?: \"…\", \"scanId\"?: \"…\"}."],
                    })), session.Token);
                    continue;
                }

                // The denylist and the deletion mark are read for every message that would be answered (frames refused
                // above cost no state read), never while an answer streams, so the close cannot cut into one.
                ChatProblem? refusal;
                try
                {
                    refusal = await access.RefusalAsync(user, session.Token);
                }
                catch (Dapr.DaprException ex)
                {
                    logger.LogWarning(ex, "A chat socket's token could not be checked; the message is not answered.");
                    await SendAsync(ErrorFrame(ChatProblems.TokenUncheckable()), session.Token);
                    continue;
                }

                if (refusal is not null)
                {
                    await EndAsync(refusal, session.Token);
                    break;
                }

                _turn = AnswerAsync(request, session.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client vanished without a close frame, or the request was aborted: same as a close.
        }
        finally
        {
            // Whatever ended the loop, an answer still streaming is nobody's any more: stop paying for it.
            await session.CancelAsync();
            await _turn;
            await expiry;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (socket.State == WebSocketState.CloseReceived)
        {
            await CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
        }
    }

    /// <summary>
    /// Closes the socket the moment its token expires, once no answer is streaming (the per-message check never cuts
    /// into one either). The pending receive is left alone, since cancelling it would abort the socket before the
    /// close frame: the client's answering close ends the loop, or <see cref="CloseGrace"/> later the session is
    /// cancelled.
    /// </summary>
    private async Task CloseAtExpiryAsync(CancellationTokenSource session)
    {
        try
        {
            await access.WhenExpiredAsync(user, session.Token);
            while (!_turn.IsCompleted)
            {
                await _turn;
            }

            // The grace starts before the close goes out: a client (or a test clock) acting on the close at once must
            // find it already counting.
            var grace = Task.Delay(CloseGrace, time, session.Token);
            if (await EndAsync(ChatProblems.TokenExpired(), session.Token))
            {
                await grace;
                await session.CancelAsync();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The session ended first, or the client is gone.
        }
    }

    private async Task AnswerAsync(ChatMessageRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await assistant.AnswerAsync(user, authorization, request, language,
                (text, token) => SendAsync(new { type = "delta", text }, token), cancellationToken);
            if (outcome.Answer is { } answer)
            {
                await SendAsync(new { type = "done", answer.ConversationId, answer.Reply, answer.Citations }, cancellationToken);
            }
            else if (outcome.Problem is { } problem)
            {
                await SendAsync(ErrorFrame(problem), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The socket closed mid-answer: nothing to tell anyone.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A chat turn over the WebSocket failed.");
            await TrySendAsync(ErrorFrame(ChatProblems.Internal()));
        }
    }

    /// <summary>The length of the next whole text message; null once the client closes; -1 when it is too long.</summary>
    private async Task<int?> ReceiveAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == MaxFrameBytes)
            {
                return -1;
            }

            var result = await socket.ReceiveAsync(buffer.AsMemory(length, MaxFrameBytes - length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return result.MessageType == WebSocketMessageType.Text ? length : 0;
            }
        }
    }

    private static ChatMessageRequest? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return utf8.IsEmpty ? null : JsonSerializer.Deserialize<ChatMessageRequest>(utf8, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static object ErrorFrame(ChatProblem problem) => new { type = "error", error = (object)problem.ToProblemDetails() };

    private async Task SendAsync(object frame, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(frame, Json);
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task TrySendAsync(object frame)
    {
        try
        {
            await SendAsync(frame, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Gone already.
        }
    }

    /// <summary>
    /// The error frame, then the close: 1008 (policy violation) with the problem's title as the reason. Only once per
    /// socket (the loop and the expiry watcher may both get here): false when the socket was ended already.
    /// </summary>
    private async Task<bool> EndAsync(ChatProblem refusal, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1)
        {
            return false;
        }

        await SendAsync(ErrorFrame(refusal), cancellationToken);
        await CloseAsync(WebSocketCloseStatus.PolicyViolation, refusal.Title + ".");
        return true;
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        try
        {
            await socket.CloseOutputAsync(status, reason, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The client is already gone.
        }
    }
}
