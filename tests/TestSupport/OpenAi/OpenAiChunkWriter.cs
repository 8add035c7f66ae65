using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Growbin.TestSupport.OpenAi;

/// <summary>Writes one chunk per event and flushes it, since the SDK reads the stream as it comes.</summary>
internal sealed class OpenAiChunkWriter(HttpContext context, string id, long created, string model, bool includeUsage,
    TimeSpan delay, CancellationToken giveUp)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private bool _first = true;

    public async Task WriteAsync(JsonArray choices, JsonObject? usage = null)
    {
        var chunk = new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["system_fingerprint"] = "fp_fake",
            ["choices"] = choices,
        };
        if (includeUsage)
        {
            chunk["usage"] = usage; // null on every chunk but the last, as OpenAI sends it
        }

        await WriteEventAsync(chunk.ToJsonString(JsonOptions));
    }

    public Task WriteDoneAsync() => WriteEventAsync("[DONE]");

    public async Task WriteEventAsync(string data)
    {
        if (!_first && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, giveUp);
        }

        _first = false;
        await context.Response.WriteAsync($"data: {data}\n\n", giveUp);
        await context.Response.Body.FlushAsync(giveUp);
        // Kestrel may drop writes to a connection the client closed instead of failing them.
        giveUp.ThrowIfCancellationRequested();
    }
}
