using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Growbin.ScanPipeline.Tests;
using Growbin.TestSupport.Images;
using Growbin.TestSupport.OpenAi;

namespace Growbin.Benchmarks;

/// <summary>
/// Many scans at once against a slow model: the whole scan path in one process (<see cref="PipelineSystem"/>, the real
/// Dapr.Workflow SDK in every app over the in-memory workflow sidecar), <c>scans</c> distinct photos with at most
/// <c>inFlight</c> scans running, the fake model taking <c>modelSeconds</c> per call. A scan is timed from its POST to
/// the GET that reads it completed (the end of the workflow awaited with the SDK's <c>WaitForWorkflowCompletionAsync</c>).
/// Reports scans per second over the run and the end-to-end time minus the model's fixed delay (what Growbin adds,
/// queueing included). A warm-up round of the same shape runs first and is not counted.
/// </summary>
public static class PipelineConcurrency
{
    public static async Task<int> RunAsync(string[] args)
    {
        var scans = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        var inFlight = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var modelDelay = TimeSpan.FromSeconds(args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 2);
        var width = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1600;
        var height = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1200;
        var warmup = Math.Min(scans, 2 * inFlight);

        Console.WriteLine($"concurrency: {scans} scans, {inFlight} in flight, model {modelDelay.TotalSeconds:0.##} s per call, " +
            $"{width}x{height} photos, warm-up {warmup}; .NET {Environment.Version}, {Environment.ProcessorCount} CPUs");
#if DEBUG
        Console.WriteLine("WARNING: Debug build; run with -c Release.");
#endif
        var photos = Enumerable.Range(0, warmup + scans).Select(i => TestPhotos.Jpeg(width, height, seed: 50_000 + i)).ToArray();

        await using var system = await PipelineSystem.StartAsync(dailyAiCalls: 1_000_000);
        system.OpenAi.DefaultResponse = FakeOpenAiResponse.Json(VisionAnswers.MilkCarton).After(modelDelay);

        await RoundAsync(system, photos[..warmup], inFlight, "warm-up");
        var calls = system.OpenAi.CallCount;
        var (wall, totals) = await RoundAsync(system, photos[warmup..], inFlight, "run");

        if (system.OpenAi.CallCount - calls != scans)
        {
            throw new InvalidOperationException($"{system.OpenAi.CallCount - calls} model calls for {scans} scans: expected exactly one each.");
        }

        var overhead = totals.Select(t => t - modelDelay.TotalMilliseconds).ToList();
        Console.WriteLine();
        Console.WriteLine($"== {scans} scans in {wall.TotalSeconds:0.00} s: {scans / wall.TotalSeconds:0.0} scans/s " +
            $"(ceiling with {inFlight} in flight and a {modelDelay.TotalSeconds:0.##} s model: {inFlight / modelDelay.TotalSeconds:0.0}/s)");
        Console.WriteLine($"  end to end               {PipelineLatency.Percentiles(totals)}");
        Console.WriteLine($"  end to end − model delay {PipelineLatency.Percentiles(overhead)}  p95 {P95(overhead):0.0} ms");
        Console.WriteLine($"  model calls: {scans} (one per scan)");
        return 0;
    }

    private static async Task<(TimeSpan Wall, List<double> Totals)> RoundAsync(PipelineSystem system, byte[][] photos, int inFlight, string round)
    {
        using var gate = new SemaphoreSlim(inFlight);
        var totals = new double[photos.Length];
        var started = Stopwatch.GetTimestamp();
        var tasks = photos.Select(async (photo, i) =>
        {
            await gate.WaitAsync();
            try
            {
                totals[i] = await ScanAsync(system, system.ClientFor($"{round}-user-{i}"), photo);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks);
        return (Stopwatch.GetElapsedTime(started), totals.ToList());
    }

    private static async Task<double> ScanAsync(PipelineSystem system, HttpClient client, byte[] photo)
    {
        var start = Stopwatch.GetTimestamp();
        var taskId = await PipelineLatency.PostScanAsync(client, photo);
        using (var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await system.Workflows.WaitForWorkflowCompletionAsync(taskId, getInputsAndOutputs: false, bound.Token);
        }

        using var read = await client.GetAsync($"/api/v1/waste/{taskId}");
        var status = JsonDocument.Parse(await read.Content.ReadAsStreamAsync()).RootElement.GetProperty("status").GetString();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return status == "completed" ? elapsed : throw new InvalidOperationException($"Scan {taskId} ended {status}.");
    }

    private static double P95(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(0.95 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
