using System.Text;
using System.Text.Json;
using Growbin.ScanPipeline.Tests;
using Growbin.TestSupport.Images;
using Growbin.TestSupport.OpenAi;
using Growbin.VisionAnalyzer.Ai;

namespace Growbin.Benchmarks;

/// <summary>
/// The tokens one scan sends to the model, as the fake OpenAI server received the request: one real scan through the
/// whole pipeline, then <see cref="FakeOpenAiRequest.PromptTokens"/> (the server's <see cref="OpenAiTokenEstimate"/>)
/// taken apart into the system prompt, the image, the message framing and the JSON schema. An estimate, not a
/// tokenizer: text is UTF-8 bytes / 4, a low-detail image 85. With <c>tokens DIR</c> the system prompt and the
/// json_schema object are also written to DIR, to count with a real tokenizer.
/// </summary>
public static class ScanTokens
{
    public static async Task<int> RunAsync(string[] args)
    {
        await using var system = await PipelineSystem.StartAsync();
        var taskId = await system.SubmitAsync("bench-user", TestPhotos.Jpeg(1600, 1200));
        var scan = await system.RunAsync(taskId, "bench-user");
        if (scan.GetProperty("status").GetString() != "completed" || system.OpenAi.Requests.Count != 1)
        {
            throw new InvalidOperationException($"Unexpected scan: {scan}");
        }

        var request = system.OpenAi.Requests[0];
        var body = request.Json;
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        var systemPrompt = messages[0].GetProperty("content").ValueKind == JsonValueKind.String
            ? messages[0].GetProperty("content").GetString()!
            : string.Concat(messages[0].GetProperty("content").EnumerateArray().Select(p => p.GetProperty("text").GetString()));
        var jsonSchema = body.GetProperty("response_format").GetProperty("json_schema");
        var schemaText = jsonSchema.GetRawText();
        var schema = jsonSchema.GetProperty("schema");
        var properties = schema.GetProperty("properties");

        var promptTokens = OpenAiTokenEstimate.Text(systemPrompt);
        var schemaTokens = OpenAiTokenEstimate.Text(schemaText);
        var framing = OpenAiTokenEstimate.ReplyPriming + messages.Count * OpenAiTokenEstimate.PerMessage;
        var image = request.PromptTokens - promptTokens - schemaTokens - framing;

        Console.WriteLine($"prompt tokens per scan (FakeOpenAiServer estimate): {request.PromptTokens}");
        Console.WriteLine($"  system prompt        {promptTokens,5}  ({Bytes(systemPrompt)} B)");
        Console.WriteLine($"  image (detail low)   {image,5}");
        Console.WriteLine($"  message framing      {framing,5}  ({messages.Count} messages + reply priming)");
        Console.WriteLine($"  json_schema          {schemaTokens,5}  ({Bytes(schemaText)} B), of which:");
        foreach (var property in properties.EnumerateObject())
        {
            var text = $"\"{property.Name}\":{property.Value.GetRawText()}";
            Console.WriteLine($"    {property.Name,-18} {OpenAiTokenEstimate.Text(text),5}  ({Bytes(text)} B)");
        }

        Console.WriteLine($"completion tokens (the fake's estimate of its scripted answer): {OpenAiTokenEstimate.Text(JsonSerializer.Serialize(VisionAnswers.MilkCarton, new JsonSerializerOptions(JsonSerializerDefaults.Web)))}");
        Console.WriteLine($"request body on the wire: {request.BodyBytes} B (mostly the image's base64)");
        Console.WriteLine($"prompt version: {ScanPrompt.Version}");

        if (args.Length > 0)
        {
            Directory.CreateDirectory(args[0]);
            await File.WriteAllTextAsync(Path.Combine(args[0], "system-prompt.txt"), systemPrompt);
            await File.WriteAllTextAsync(Path.Combine(args[0], "json-schema.json"), schemaText);
            Console.WriteLine($"wrote system-prompt.txt and json-schema.json to {Path.GetFullPath(args[0])}");
        }

        return 0;
    }

    private static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);
}
