using System.Text;
using System.Text.Json;

namespace Growbin.TestSupport.OpenAi;

/// <summary>
/// A plausible token count for a chat completion request, for measuring what a call would cost. Not a tokenizer:
/// <list type="bullet">
/// <item>text (message strings and text parts): ⌈UTF-8 bytes / 4⌉, i.e. 4 characters of English or ~1.3 Hangul
/// syllables per token, close to o200k for both;</item>
/// <item>each message: +3 (role and framing); the reply's priming: +3;</item>
/// <item>an image part: 85 at <c>detail: low</c>, else 765 (a 1024×1024 image at high detail on 4o-class models);</item>
/// <item>a <c>response_format</c> JSON schema and tool definitions: their JSON text as text, since the provider puts
/// them into the model's context and bills them as prompt tokens.</item>
/// </list>
/// </summary>
public static class OpenAiTokenEstimate
{
    public const int LowDetailImage = 85;
    public const int HighDetailImage = 765;
    public const int PerMessage = 3;
    public const int ReplyPriming = 3;

    public static int Text(string? text) => string.IsNullOrEmpty(text) ? 0 : (Encoding.UTF8.GetByteCount(text) + 3) / 4;

    public static int PromptTokens(JsonElement request)
    {
        var tokens = ReplyPriming;
        if (request.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                tokens += PerMessage + Content(message.TryGetProperty("content", out var content) ? content : default);
            }
        }

        if (request.TryGetProperty("response_format", out var format) && format.TryGetProperty("json_schema", out var schema))
        {
            tokens += Text(schema.GetRawText());
        }

        if (request.TryGetProperty("tools", out var tools))
        {
            tokens += Text(tools.GetRawText());
        }

        return tokens;
    }

    private static int Content(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return Text(content.GetString());
            case JsonValueKind.Array:
                var tokens = 0;
                foreach (var part in content.EnumerateArray())
                {
                    var type = part.TryGetProperty("type", out var t) ? t.GetString() : null;
                    if (type == "image_url")
                    {
                        var detail = part.TryGetProperty("image_url", out var image) && image.TryGetProperty("detail", out var d) ? d.GetString() : null;
                        tokens += detail == "low" ? LowDetailImage : HighDetailImage;
                    }
                    else if (part.TryGetProperty("text", out var text))
                    {
                        tokens += Text(text.GetString());
                    }
                }

                return tokens;
            default:
                return 0;
        }
    }
}
