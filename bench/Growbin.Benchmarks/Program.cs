using BenchmarkDotNet.Running;
using Growbin.Benchmarks;

// Some measurements are not BenchmarkDotNet runs, because what they report is a distribution over a stateful system
// (every scan leaves state behind) or a count, not the mean of a repeatable operation:
//   dotnet run -c Release --project bench/Growbin.Benchmarks -- pipeline [scans] [width] [height]
//   dotnet run -c Release --project bench/Growbin.Benchmarks -- concurrency [scans] [in flight] [model seconds] [width] [height]
//   dotnet run -c Release --project bench/Growbin.Benchmarks -- tokens [dir to write the prompt and schema to]
//   dotnet run -c Release --project bench/Growbin.Benchmarks -- nearby [points] [queries]
//   dotnet run -c Release --project bench/Growbin.Benchmarks -- upload [photos] [warm-up]
//   dotnet run -c Release --project bench/Growbin.Benchmarks -- chat-ttfb [requests] [model first-byte ms] [max seconds]
// Anything else goes to BenchmarkDotNet (e.g. `-- --filter '*KnowledgeBenchmarks*'`).
// (The scan pipeline's apps each have a top-level Program, so this one is never named here.)
return args switch
{
    ["pipeline", .. var rest] => await InOutputDirectory(() => PipelineLatency.RunAsync(rest)),
    ["concurrency", .. var shape] => await InOutputDirectory(() => PipelineConcurrency.RunAsync(shape)),
    ["nearby", .. var sizes] => await InOutputDirectory(() => NearbyLatency.RunAsync(sizes)),
    ["chat-ttfb", .. var options] => await InOutputDirectory(() => ChatTtfb.RunAsync(options)),
    ["upload", .. var counts] => await InOutputDirectory(() => UploadLatency.RunAsync(counts)),
    ["tokens", .. var dump] => await InOutputDirectory(() => ScanTokens.RunAsync([.. dump.Select(Path.GetFullPath)])),
    _ => RunBenchmarkDotNet(args),
};

// WebApplicationFactory reads MvcTestingAppManifest.json (each app's content root) from the current directory, as a
// test runner has it; `dotnet run` leaves the caller's directory current.
static Task<int> InOutputDirectory(Func<Task<int>> run)
{
    Environment.CurrentDirectory = AppContext.BaseDirectory;
    return run();
}

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(KnowledgeBenchmarks).Assembly).Run(args);
    return 0;
}
