using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.ImageUploader;
using Growbin.ScanPipeline.Tests;
using Growbin.TestSupport.Images;
using Growbin.TestSupport.OpenAi;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Growbin.Benchmarks;

/// <summary>
/// What the pipeline itself costs a scan, with a model that answers at once: the whole scan path in one process
/// (<see cref="PipelineSystem"/>: waste-api, the four workers and scan-pipeline, each with the real Dapr.Workflow SDK,
/// over the in-memory Dapr double and the in-memory workflow sidecar, the fake OpenAI server on loopback), one scan at a
/// time, from <c>POST /api/v1/waste/analyze</c> until its owner reads it completed. The end of the workflow is awaited
/// with the SDK's own <c>WaitForWorkflowCompletionAsync</c> (no polling). Prints p50/p90/p99/max for new photos (a
/// model call each) and for one photo sent again (the AI cache answers), and where the time goes: each activity's run
/// in its worker (the SDK's <c>Dapr.Workflow</c> spans), the model call, and the rest (waste-api, workflow turns,
/// work-item dispatch, state, publish).
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
        Console.WriteLine($"photo size: {photos.Average(p => p.Length) / 1024:0} KiB on average; load average at the start: {LoadAverage()}");

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

        // The one piece of real work in the path: image-uploader's decode (JPEG: at the M/8 scale) → upright → JPEG encode → SHA-256.
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
        SkiaSteps(photos[Warmup..]);
        Console.WriteLine($"load average at the end: {LoadAverage()}");
        return 0;
    }

    /// <summary>POST the photo, wait for the workflow to end, GET the scan: the timed unit.</summary>
    private static async Task<(double Total, double Post, double Get)> ScanAsync(PipelineSystem system, HttpClient client, byte[] photo, bool expectFromCache)
    {
        var start = Stopwatch.GetTimestamp();
        var taskId = await PostScanAsync(client, photo);
        var post = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await system.Workflows.WaitForWorkflowCompletionAsync(taskId, getInputsAndOutputs: false, bound.Token);
        }

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

    /// <summary>POSTs the photo to waste-api and returns the accepted scan's task id.</summary>
    internal static async Task<string> PostScanAsync(HttpClient client, byte[] photo)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(photo) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "image", "photo.jpg" },
        };
        using var posted = await client.PostAsync("/api/v1/waste/analyze", form);
        if (posted.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST answered {(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        }

        return JsonDocument.Parse(await posted.Content.ReadAsStreamAsync()).RootElement.GetProperty("taskId").GetString()!;
    }

    /// <summary>
    /// Where <see cref="ImageNormalizer"/>'s time goes, by the same Skia calls it makes in the same order (scaled JPEG
    /// decode into sRGB, a mipmapped linear draw to the output size, JPEG encode, SHA-256). A reproduction for
    /// attribution only: the number that counts is TryNormalize's above.
    /// </summary>
    private static void SkiaSteps(byte[][] photos)
    {
        var maxSide = new UploadOptions().MaxSide;
        var quality = new UploadOptions().JpegQuality;
        List<double> decode = [], draw = [], drawPlain = [], encode = [], hash = [];
        foreach (var photo in photos)
        {
            var t0 = Stopwatch.GetTimestamp();
            using var data = SKData.CreateCopy(photo);
            using var codec = SKCodec.Create(data);
            var full = codec.Info.Size;
            var scale = Math.Min(1.0, (double)maxSide / Math.Max(full.Width, full.Height));
            var (outWidth, outHeight) = ((int)Math.Round(full.Width * scale), (int)Math.Round(full.Height * scale));
            var size = full;
            for (var probe = scale; probe < 1; probe += 1.0 / 16)
            {
                var scaled = codec.GetScaledDimensions((float)probe);
                if (scaled.Width >= outWidth && scaled.Height >= outHeight)
                {
                    size = scaled;
                    break;
                }
            }

            var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
            using var decoded = new SKBitmap(info);
            codec.GetPixels(info, decoded.GetPixels());
            var t1 = Stopwatch.GetTimestamp();

            using var output = new SKBitmap(new SKImageInfo(outWidth, outHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
            using (var canvas = new SKCanvas(output))
            {
                canvas.Clear(SKColors.White);
                decoded.SetImmutable();
                using var source = SKImage.FromBitmap(decoded);
                canvas.DrawImage(source, new SKRect(0, 0, outWidth, outHeight), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
            }

            var t2 = Stopwatch.GetTimestamp();
            using (var plain = new SKBitmap(new SKImageInfo(outWidth, outHeight, SKColorType.Rgba8888, SKAlphaType.Premul)))
            using (var canvas = new SKCanvas(plain))
            using (var source = SKImage.FromBitmap(decoded))
            {
                canvas.DrawImage(source, new SKRect(0, 0, outWidth, outHeight), new SKSamplingOptions(SKFilterMode.Linear));
            }

            drawPlain.Add(Stopwatch.GetElapsedTime(t2).TotalMilliseconds);
            t2 = Stopwatch.GetTimestamp();
            using var pixels = output.PeekPixels();
            using var encoded = pixels.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore));
            var jpeg = encoded!.ToArray();
            var t3 = Stopwatch.GetTimestamp();
            _ = SHA256.HashData(jpeg);
            var t4 = Stopwatch.GetTimestamp();

            decode.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
            draw.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
            encode.Add(Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds);
            hash.Add(Stopwatch.GetElapsedTime(t3, t4).TotalMilliseconds);
        }

        Console.WriteLine("  its Skia steps, reproduced:");
        Console.WriteLine($"    {"decode (DCT-scaled, sRGB)",-34} {Percentiles(decode)}");
        Console.WriteLine($"    {$"draw to {maxSide} px, mipmaps",-34} {Percentiles(draw)}");
        Console.WriteLine($"    {"(same draw without mipmaps)",-34} {Percentiles(drawPlain)}");
        Console.WriteLine($"    {$"JPEG encode q{quality}",-34} {Percentiles(encode)}");
        Console.WriteLine($"    {"SHA-256",-34} {Percentiles(hash)}");
    }

    /// <summary>The 1/5/15-minute load averages (Linux): a busy machine shows in the tail first.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

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
        private readonly List<double> _withoutUpload = [];
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
            _withoutUpload.Add(total - steps.GetValueOrDefault(Activities.Upload));
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
            Console.WriteLine($"  rest (workflow turns, dispatch, state, publish) {Percentiles(_rest)}");
            Console.WriteLine($"  everything but upload    {Percentiles(_withoutUpload)}");
        }
    }

    /// <summary>
    /// Times each activity of a scan as the sidecar saw it: from sending the work item to accepting its answer (the
    /// worker's run plus its gRPC round trip), read from the in-memory sidecar's record of completed activities.
    /// </summary>
    private sealed class StepClock(PipelineSystem system)
    {
        private int _seen;

        public static StepClock Install(PipelineSystem system) => new(system);

        public void Reset() => _seen = system.Sidecar.CompletedActivities.Count;

        public IReadOnlyDictionary<string, double> Snapshot() => system.Sidecar.CompletedActivities.Skip(_seen)
            .GroupBy(a => a.ActivityName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(a => a.Elapsed.TotalMilliseconds), StringComparer.Ordinal);
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
