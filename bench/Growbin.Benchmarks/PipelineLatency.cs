using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.ImageUploader;
using Growbin.ScanPipeline.Tests;
using Growbin.TestSupport.Images;
using Growbin.Workflows;
using Microsoft.Extensions.Options;

namespace Growbin.Benchmarks;

/// <summary>
/// What the pipeline itself costs a scan, with a model that answers at once: the whole scan path in one process
/// (<see cref="PipelineSystem"/>: waste-api, the four workers and scan-pipeline over the in-memory Dapr double and
/// actor runtime, the fake OpenAI server on loopback), one scan at a time, from <c>POST /api/v1/waste/analyze</c>
/// until its owner reads it completed. Reminders are driven as <see cref="PipelineSystem.RunAsync"/> drives them.
/// Prints p50/p90/p99/max for new photos (a model call each) and for one photo sent again (the AI cache answers), and
/// where the time goes: each worker's activity call, the model call, and the rest (waste-api, actor turns, state).
/// </summary>
public static class PipelineLatency
{
    private const int Warmup = 60;

    public static async Task<int> RunAsync(string[] args)
    {
        var scans = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var width = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1600;
        var height = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1200;

        Console.WriteLine($"pipeline: {scans} scans per case after {Warmup} warm-up scans; photos {width}x{height} JPEG; " +
            $".NET {Environment.Version}, {Environment.ProcessorCount} CPUs, {(Debugger.IsAttached ? "debugger" : "no debugger")}");
#if DEBUG
        Console.WriteLine("WARNING: Debug build; run with -c Release.");
#endif

        // Photos are made before anything is timed; each seed is a different photo (a different hash, so no cache hit).
        var photos = Enumerable.Range(0, Warmup + scans).Select(i => TestPhotos.Jpeg(width, height, seed: 10_000 + i)).ToArray();
        Console.WriteLine($"photo size: {photos.Average(p => p.Length) / 1024:0} KiB on average");

        await using var system = await PipelineSystem.StartAsync(dailyAiCalls: 1_000_000);
        var steps = StepClock.Install(system);
        using var model = new ModelCallClock(system.OpenAi.BaseAddress);

        // One user per scan: waste-api's per-user token bucket (30, then 1/s) would otherwise answer 429.
        var users = 0;
        HttpClient NextUser() => system.ClientFor($"bench-user-{Interlocked.Increment(ref users)}");

        var newPhotos = new Sample();
        for (var i = 0; i < Warmup + scans; i++)
        {
            var client = NextUser();
            steps.Reset();
            model.Reset();
            var (total, post, get) = await ScanAsync(system, client, photos[i], expectFromCache: false);
            if (i >= Warmup)
            {
                newPhotos.Add(total, post, get, steps.Snapshot(), model.Elapsed);
            }
        }

        var calls = system.OpenAi.CallCount;
        var samePhoto = new Sample();
        var again = photos[0];
        for (var i = 0; i < Warmup + scans; i++)
        {
            var client = NextUser();
            steps.Reset();
            model.Reset();
            var (total, post, get) = await ScanAsync(system, client, again, expectFromCache: true);
            if (i >= Warmup)
            {
                samePhoto.Add(total, post, get, steps.Snapshot(), model.Elapsed);
            }
        }

        if (system.OpenAi.CallCount != calls)
        {
            throw new InvalidOperationException("The same photo again called the model: the cache-hit case is not one.");
        }

        newPhotos.Print("new photo each scan (model called)");
        samePhoto.Print("same photo again (AI cache hit, no model call)");

        // The one piece of real work in the path: image-uploader's decode → upright → resize → JPEG encode → SHA-256.
        var normalizer = new ImageNormalizer(Options.Create(new UploadOptions()));
        var normalize = new List<double>();
        for (var i = 0; i < Warmup + scans; i++)
        {
            var start = Stopwatch.GetTimestamp();
            if (!normalizer.TryNormalize(photos[i], out _, out var rejection))
            {
                throw new InvalidOperationException(rejection.Detail);
            }

            if (i >= Warmup)
            {
                normalize.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"ImageNormalizer.TryNormalize alone ({width}x{height} → longest side {new UploadOptions().MaxSide}): {Percentiles(normalize)}");
        return 0;
    }

    /// <summary>POST the photo, drive reminders until the workflow ends, GET the scan: the timed unit.</summary>
    private static async Task<(double Total, double Post, double Get)> ScanAsync(PipelineSystem system, HttpClient client, byte[] photo, bool expectFromCache)
    {
        var start = Stopwatch.GetTimestamp();

        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(photo) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "image", "photo.jpg" },
        };
        using var posted = await client.PostAsync("/api/v1/waste/analyze", form);
        if (posted.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST answered {(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        }

        var taskId = JsonDocument.Parse(await posted.Content.ReadAsStreamAsync()).RootElement.GetProperty("taskId").GetString()!;
        var post = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        await system.Actors.DrainAsync(system.Clock, async () => (await system.Workflows.GetWorkflowStateAsync(taskId, getInputsAndOutputs: false)).RuntimeStatus
            is WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed);

        var getStart = Stopwatch.GetTimestamp();
        using var read = await client.GetAsync($"/api/v1/waste/{taskId}");
        var scan = JsonDocument.Parse(await read.Content.ReadAsStreamAsync()).RootElement;
        var end = Stopwatch.GetTimestamp();

        if (scan.GetProperty("status").GetString() != "completed"
            || scan.GetProperty("result").GetProperty("analysisFromCache").GetBoolean() != expectFromCache)
        {
            throw new InvalidOperationException($"Unexpected scan: {scan}");
        }

        return (Stopwatch.GetElapsedTime(start, end).TotalMilliseconds, post, Stopwatch.GetElapsedTime(getStart, end).TotalMilliseconds);
    }

    internal static string Percentiles(List<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"p50 {At(0.50):0.00} ms  p90 {At(0.90):0.00} ms  p99 {At(0.99):0.00} ms  max {sorted[^1]:0.00} ms  mean {sorted.Average():0.00} ms");
    }

    /// <summary>Per-scan timings of one case.</summary>
    private sealed class Sample
    {
        private readonly List<double> _total = [];
        private readonly List<double> _post = [];
        private readonly List<double> _get = [];
        private readonly List<double> _model = [];
        private readonly List<double> _rest = [];
        private readonly Dictionary<string, List<double>> _steps = new(StringComparer.Ordinal);

        public void Add(double total, double post, double get, IReadOnlyDictionary<string, double> steps, double model)
        {
            _total.Add(total);
            _post.Add(post);
            _get.Add(get);
            _model.Add(model);
            foreach (var (step, ms) in steps)
            {
                (_steps.TryGetValue(step, out var list) ? list : _steps[step] = []).Add(ms);
            }

            _rest.Add(total - post - get - steps.Values.Sum());
        }

        public void Print(string title)
        {
            Console.WriteLine();
            Console.WriteLine($"== {title}: {_total.Count} scans");
            Console.WriteLine($"  POST → completed → GET   {Percentiles(_total)}");
            Console.WriteLine($"  POST /analyze (202)      {Percentiles(_post)}");
            foreach (var step in new[] { Activities.Upload, Activities.Analyze, Activities.Rules, Activities.Respond }.Concat(_steps.Keys).Distinct().Where(_steps.ContainsKey))
            {
                Console.WriteLine($"  activity {step,-15} {Percentiles(_steps[step])}");
            }

            Console.WriteLine($"    of which model call    {Percentiles(_model)}");
            Console.WriteLine($"  GET /{{taskId}}            {Percentiles(_get)}");
            Console.WriteLine($"  rest (actor turns, state, reminders, publish) {Percentiles(_rest)}");
        }
    }

    /// <summary>Times each activity invocation the pipeline makes to a worker (the whole HTTP exchange with its app).</summary>
    private sealed class StepClock
    {
        private readonly ConcurrentDictionary<string, double> _current = new(StringComparer.Ordinal);

        public static StepClock Install(PipelineSystem system)
        {
            var clock = new StepClock();
            foreach (var (appId, injector) in system.Workers)
            {
                system.Dapr.RegisterApp(appId, new HttpClient(new Timing(clock, injector)) { BaseAddress = new Uri("http://localhost") });
            }

            return clock;
        }

        public void Reset() => _current.Clear();

        public IReadOnlyDictionary<string, double> Snapshot() => new Dictionary<string, double>(_current, StringComparer.Ordinal);

        private sealed class Timing(StepClock clock, HttpMessageHandler inner) : DelegatingHandler(inner)
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var path = request.RequestUri!.AbsolutePath;
                var activity = path.StartsWith("/activities/", StringComparison.Ordinal) ? path["/activities/".Length..] : "other";
                var start = Stopwatch.GetTimestamp();
                try
                {
                    return await base.SendAsync(request, cancellationToken);
                }
                finally
                {
                    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    clock._current.AddOrUpdate(activity, ms, (_, sum) => sum + ms);
                }
            }
        }
    }

    /// <summary>
    /// Times the OpenAI SDK's HTTP calls to the fake server, from the <c>System.Net.Http</c> activities of real sockets
    /// (the in-process TestServer clients make none).
    /// </summary>
    private sealed class ModelCallClock : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly string _authority;
        private long _ticks;

        public ModelCallClock(Uri openAi)
        {
            _authority = openAi.Authority;
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "System.Net.Http",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    if (activity.GetTagItem("server.address") is string host && _authority.StartsWith(host, StringComparison.Ordinal))
                    {
                        Interlocked.Add(ref _ticks, activity.Duration.Ticks);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public double Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalMilliseconds;

        public void Reset() => Interlocked.Exchange(ref _ticks, 0);

        public void Dispose() => _listener.Dispose();
    }
}
