using System.Text;
using System.Text.Json;

namespace Growbin.TestSupport.OpenAi;

/// <summary>One request as <see cref="FakeOpenAiServer"/> received it.</summary>
/// <param name="Number">1 for the first call to the server, 2 for the second …</param>
/// <param name="Path">The request path, e.g. <c>/v1/chat/completions</c>.</param>
/// <param name="Body">The JSON body as sent.</param>
/// <param name="Authorization">The Authorization header (<c>Bearer …</c>), if any.</param>
/// <param name="PromptTokens">The server's estimate of the prompt tokens (see <see cref="OpenAiTokenEstimate"/>).</param>
public sealed record FakeOpenAiRequest(int Number, string Path, string Body, string? Authorization, int PromptTokens)
{
    private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _clientDisconnected;

    /// <summary>
    /// True when the client went away (closed the connection, cancelled) before the answer was complete: during a
    /// scripted delay or before a stream's <c>[DONE]</c>. Read it after <see cref="Answered"/> has completed.
    /// </summary>
    public bool ClientDisconnected => Volatile.Read(ref _clientDisconnected) == 1;

    /// <summary>Completes when the server is done with this request: answered, failed as scripted, or given up on by the client.</summary>
    public Task Answered => _answered.Task;

    /// <summary>True when the request asked for a stream (<c>"stream": true</c>).</summary>
    public bool Stream => Json.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;

    /// <summary>Size of the body on the wire, in bytes.</summary>
    public int BodyBytes => Encoding.UTF8.GetByteCount(Body);

    /// <summary>The body, parsed.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    internal void MarkClientDisconnected() => Volatile.Write(ref _clientDisconnected, 1);

    internal void MarkAnswered() => _answered.TrySetResult();
}
