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
    /// <summary>Size of the body on the wire, in bytes.</summary>
    public int BodyBytes => Encoding.UTF8.GetByteCount(Body);

    /// <summary>The body, parsed.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}
