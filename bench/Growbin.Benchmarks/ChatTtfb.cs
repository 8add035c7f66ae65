extern alias ChatLlm;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Growbin.TestSupport.Ai;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.OpenAi;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.Benchmarks;

/// <summary>
/// `chat-ttfb`: the time to the first streamed byte that chat-llm adds on top of the model's. The fake OpenAI server
/// waits a fixed time before its first byte; chat-llm runs in process on real Kestrel (loopback), with the in-memory
/// Dapr double and the in-process AI budget actor. One request at a time, each iteration:
///   (b) <c>POST /api/v1/chat/message</c> with <c>Accept: text/event-stream</c>: sent → first <c>event: delta</c> read;
///   (a) the exact body chat-llm just sent to the model, replayed straight to the fake: sent → first byte, and → end;
///   (c) the same message as JSON: sent → whole answer read.
/// Growbin's added latency is (b) − median(a) and, for JSON, (c) − median(model total); (b) is also split per request
/// at chat-llm's own model call (its <c>System.Net.Http</c> activity), which takes the fake's own jitter out.
/// Every user continues its own conversation, so the conversation read and the history are on the path.
/// A distribution, so not a BenchmarkDotNet run:
///   dotnet run -c Release --project bench/Growbin.Benchmarks -- chat-ttfb [requests] [model first-byte ms] [max seconds]
/// </summary>
public static class ChatTtfb
{
    private const string MessagePath = "/api/v1/chat/message";
    private const int Users = 25;
    private const int Warmup = 100;
    private const double GoalMs = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000;
        var modelDelay = TimeSpan.FromMilliseconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 50);
        var maxTime = TimeSpan.FromSeconds(args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 300);

        await using var openAi = await FakeOpenAiServer.StartAsync();
        openAi.DefaultResponse = FakeOpenAiResponse.Stream("종이팩은 ", "헹궈서 말린 뒤 ", "종이팩 전용 수거함에 넣어요.").After(modelDelay);

        using var tokens = new TestTokens();
        // The per-user limits are raised so a few users can send a thousand messages in a few minutes; the checks
        // themselves (limiter, quota read, budget reservation) still run on every message.
        await using var chat = tokens.ApplyTo(new GrowbinAppFactory<ChatLlm::Program>())
            .WithSetting("RateLimiting:PerUser:TokenLimit", "100000")
            .WithSetting("RateLimiting:PerUser:TokensPerPeriod", "100000")
            .WithSetting("Chat:MessagesPerMinute", "1000")
            .WithSetting("Chat:DailyTokenQuota", "10000000")
            .WithSetting("AiBudget:DailyCalls", "1000000")
            .WithSetting("OpenAI:Endpoint", openAi.Endpoint.ToString())
            .WithSetting("OpenAI:ApiKey", "sk-bench")
            .WithSetting("OpenAI:Model", "gpt-4o-mini")
            .WithServices(services => services.UseInProcessAiBudget());
        chat.UseKestrel(0);
        chat.StartServer();
        var address = chat.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var toChat = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(address) };
        using var toModel = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = openAi.BaseAddress };
        var users = Enumerable.Range(0, Users).Select(_ => new User(tokens.For(Guid.NewGuid().ToString()))).ToArray();

        Console.WriteLine($"chat-llm on {address} (Kestrel), fake model on {openAi.BaseAddress} with {modelDelay.TotalMilliseconds:0} ms to its first byte; " +
            $"{requests:N0} requests after {Warmup} warm-up, {Users} users each continuing one conversation; load average {LoadAverage()}");

        using var modelCalls = new ModelCallClock(openAi.BaseAddress.Port);
        var beforeModel = new List<double>(requests);
        var modelSeen = new List<double>(requests);
        var afterModel = new List<double>(requests);
        var paired = new List<double>(requests);
        var withGc = new List<double>();
        var withoutGc = new List<double>();
        var modelFirst = new List<double>(requests);
        var modelTotal = new List<double>(requests);
        var chatFirst = new List<double>(requests);
        var chatJson = new List<double>(requests);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Warmup + requests && clock.Elapsed < maxTime; i++)
        {
            var user = users[i % Users];
            var question = $"우유팩은 어떻게 버려요? ({i})";

            var sent = openAi.CallCount;
            var gcs = GC.CollectionCount(0);
            var (first, started) = await ChatStreamAsync(toChat, user, question);
            var collected = GC.CollectionCount(0) != gcs;
            var (callStart, callStop) = modelCalls.Last;
            var body = openAi.Requests[sent].Body;
            var (directFirst, directTotal) = await ModelDirectAsync(toModel, body);
            var json = await ChatJsonAsync(toChat, user, question + " 다시");
            if (i >= Warmup)
            {
                chatFirst.Add(first);
                beforeModel.Add(Ms(callStart - started));
                modelSeen.Add(Ms(callStop - callStart));
                afterModel.Add(first - Ms(callStop - started));
                paired.Add(first - Ms(callStop - callStart));
                (collected ? withGc : withoutGc).Add(first - Ms(callStop - callStart));
                modelFirst.Add(directFirst);
                modelTotal.Add(directTotal);
                chatJson.Add(json);
            }
        }

        var modelFirstMedian = Quantile(modelFirst, 0.5);
        var modelTotalMedian = Quantile(modelTotal, 0.5);
        var added = chatFirst.Select(x => x - modelFirstMedian).ToList();
        var addedJson = chatJson.Select(x => x - modelTotalMedian).ToList();
        Console.WriteLine($"{chatFirst.Count:N0} requests measured in {clock.Elapsed.TotalSeconds:0} s; load average at the end {LoadAverage()}");
        Console.WriteLine($"  (a) model alone, first byte             {Row(modelFirst)}");
        Console.WriteLine($"  (a) model alone, whole stream           {Row(modelTotal)}");
        Console.WriteLine($"  (b) through chat-llm, first delta       {Row(chatFirst)}");
        Console.WriteLine($"  (b) − median(a): added by Growbin       {Row(added)}");
        Console.WriteLine($"  (b) per request, split at chat-llm's own model call (System.Net.Http activity, sent → response headers):");
        Console.WriteLine($"      sent → model call starts            {Row(beforeModel)}");
        Console.WriteLine($"      model call as chat-llm sees it      {Row(modelSeen)}");
        Console.WriteLine($"      model's first byte → delta read     {Row(afterModel)}");
        Console.WriteLine($"      (b) − that model call: added        {Row(paired)}");
        Console.WriteLine($"      … requests with a gen0 GC ({withGc.Count,4})   {(withGc.Count == 0 ? "none" : Row(withGc))}");
        Console.WriteLine($"      … requests without ({withoutGc.Count,4})        {(withoutGc.Count == 0 ? "none" : Row(withoutGc))}");
        Console.WriteLine($"  (c) through chat-llm, JSON answer       {Row(chatJson)}");
        Console.WriteLine($"  (c) − median(model whole stream)        {Row(addedJson)}");
        var p99 = Quantile(added, 0.99);
        var pairedP99 = Quantile(paired, 0.99);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"goal: added time to first streamed byte ≤ {GoalMs} ms p99 — (b) − median(a): {(p99 <= GoalMs ? "met" : "NOT met")} ({p99:0.00} ms; " +
            $"the model's own p99 − p50 is {Quantile(modelFirst, 0.99) - modelFirstMedian:0.00} ms); " +
            $"per request against chat-llm's own model call: {(pairedP99 <= GoalMs ? "met" : "NOT met")} ({pairedP99:0.00} ms)"));
        return 0;
    }

    /// <summary>Sent → the first <c>event: delta</c> line read; then the rest of the stream is read to its end.</summary>
    private static async Task<(double Elapsed, long Started)> ChatStreamAsync(HttpClient client, User user, string question)
    {
        using var request = user.Message(question);
        request.Headers.Accept.ParseAdd("text/event-stream");
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"chat answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        var firstLine = await reader.ReadLineAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (firstLine != "event: delta")
        {
            throw new InvalidOperationException($"the stream began with '{firstLine}', not a delta");
        }

        var rest = await reader.ReadToEndAsync();
        user.RememberConversation(rest, "event: done\ndata: ");
        return (elapsed, started);
    }

    /// <summary>The body chat-llm sent, straight to the fake: sent → first body byte, and sent → end of the stream.</summary>
    private static async Task<(double First, double Total)> ModelDirectAsync(HttpClient client, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-bench");
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        if (await stream.ReadAsync(buffer) == 0)
        {
            throw new InvalidOperationException("the model's stream was empty");
        }

        var first = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        while (await stream.ReadAsync(buffer) > 0)
        {
        }

        return (first, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Sent → whole JSON answer read.</summary>
    private static async Task<double> ChatJsonAsync(HttpClient client, User user, string question)
    {
        using var request = user.Message(question);
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"chat answered {(int)response.StatusCode}: {body}");
        }

        user.RememberConversation(body, "");
        return elapsed;
    }

    private sealed class User(string token)
    {
        private string? _conversationId;

        public HttpRequestMessage Message(string text)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, MessagePath)
            {
                Content = JsonContent.Create(new { message = text, conversationId = _conversationId }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }

        /// <summary>Takes the conversation id from a JSON answer (after <paramref name="marker"/> in an SSE stream).</summary>
        public void RememberConversation(string text, string marker)
        {
            var json = marker.Length == 0 ? text : text[(text.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Split('\n')[0];
            using var answer = JsonDocument.Parse(json);
            _conversationId = answer.RootElement.GetProperty("conversationId").GetString();
        }
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>
    /// When the last HTTP call to the fake model started and got its response headers (Stopwatch ticks), from the
    /// <c>System.Net.Http</c> activities; for a stream the fake sends its headers with its first byte.
    /// </summary>
    private sealed class ModelCallClock : IDisposable
    {
        private readonly ActivityListener _listener;
        private long _start;
        private long _stop;

        public ModelCallClock(int port)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "System.Net.Http",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    // The address tags are set on the way, so the call is recognised (and its start worked out) at the stop.
                    if (activity.GetTagItem("server.port") is int p && p == port)
                    {
                        var stop = Stopwatch.GetTimestamp();
                        Volatile.Write(ref _start, stop - (long)(activity.Duration.TotalSeconds * Stopwatch.Frequency));
                        Volatile.Write(ref _stop, stop);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public (long Start, long Stop) Last => (Volatile.Read(ref _start), Volatile.Read(ref _stop));

        public void Dispose() => _listener.Dispose();
    }

    private static double Quantile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static string Row(List<double> values) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {Quantile(values, 0.50),7:0.00}  p95 {Quantile(values, 0.95),7:0.00}  p99 {Quantile(values, 0.99),7:0.00}  max {values.Max(),7:0.00} ms");

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
