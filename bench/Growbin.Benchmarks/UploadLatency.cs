using System.Diagnostics;
using System.Globalization;
using Growbin.ImageUploader;
using Growbin.TestSupport.Images;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Growbin.Benchmarks;

/// <summary>
/// image-uploader's one piece of real work, alone: <see cref="ImageNormalizer.TryNormalize"/> (check, decode, turn
/// upright, shrink, JPEG encode, SHA-256) on distinct camera-size JPEG photos, one at a time on one thread, as a scan's
/// <c>upload</c> activity runs it. Prints p50/p95/p99/max per photo for 1600×1200 (the goal's size) and 4032×3024
/// (a 12 MP phone photo). A distribution, not a BenchmarkDotNet mean: the tail is what a scan waits for.
/// </summary>
public static class UploadLatency
{
    private static readonly (int Width, int Height)[] Sizes = [(1600, 1200), (4032, 3024)];

    public static Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        var warmup = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var options = new UploadOptions();

        Console.WriteLine($"upload: ImageNormalizer.TryNormalize on {count} distinct photos per size after {warmup} warm-up photos; " +
            $"longest side {options.MaxSide}, quality {options.JpegQuality}; .NET {Environment.Version}, {Environment.ProcessorCount} CPUs");
#if DEBUG
        Console.WriteLine("WARNING: Debug build; run with -c Release.");
#endif

        using var normalizer = new ImageNormalizer(Options.Create(options));
        foreach (var (width, height) in Sizes)
        {
            // Photos are made before anything is timed; each seed is a different photo, so no run reuses another's
            // decoded state. The warm-up photos are distinct from the timed ones too.
            var photos = Enumerable.Range(0, warmup + count).Select(i => TestPhotos.Jpeg(width, height, seed: 20_000 + i)).ToArray();
            Console.WriteLine();
            Console.WriteLine($"{width}x{height} JPEG, {photos.Average(p => p.Length) / 1024:0} KiB on average; load average {LoadAverage()}");

            var times = new List<double>(count);
            NormalizedImage? last = null;
            GC.Collect();
            for (var i = 0; i < photos.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                if (!normalizer.TryNormalize(photos[i], out var image, out var rejection))
                {
                    throw new InvalidOperationException(rejection.Detail);
                }

                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (i >= warmup)
                {
                    times.Add(elapsed);
                }

                last = image;
            }

            Console.WriteLine($"  output {last!.Width}x{last.Height}, {last.Jpeg.Length / 1024} KiB");
            Console.WriteLine($"  TryNormalize  {Percentiles(times)}");
            SkiaSteps(photos[warmup..], options);
        }

        Console.WriteLine();
        Console.WriteLine($"load average at the end: {LoadAverage()}");
        return Task.FromResult(0);
    }

    /// <summary>
    /// Where the time goes, by the two Skia calls that are most of it, on the same photos: the JPEG decode at the
    /// largest M/8 scale within MaxSide (what the normalizer asks for; for these sizes that is the output) into sRGB,
    /// and the JPEG encode of those pixels. A reproduction for attribution only: the number that counts is TryNormalize's.
    /// </summary>
    private static void SkiaSteps(byte[][] photos, UploadOptions options)
    {
        List<double> decode = [], encode = [];
        foreach (var photo in photos)
        {
            var t0 = Stopwatch.GetTimestamp();
            using var data = SKData.CreateCopy(photo);
            using var codec = SKCodec.Create(data);
            var size = Enumerable.Range(1, 8).Reverse().Select(m => codec.GetScaledDimensions(m / 8f))
                .FirstOrDefault(s => Math.Max(s.Width, s.Height) <= options.MaxSide, codec.GetScaledDimensions(1 / 8f));
            var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
            using var decoded = new SKBitmap(info);
            if (codec.GetPixels(info, decoded.GetPixels()) != SKCodecResult.Success)
            {
                throw new InvalidOperationException("decode failed");
            }

            var t1 = Stopwatch.GetTimestamp();
            using var pixels = new SKPixmap(info.WithColorSpace(null), decoded.GetPixels(), decoded.RowBytes);
            using var encoded = pixels.Encode(new SKJpegEncoderOptions(options.JpegQuality, SKJpegEncoderDownsample.Downsample420,
                SKJpegEncoderAlphaOption.Ignore));
            _ = encoded!.ToArray();
            var t2 = Stopwatch.GetTimestamp();
            decode.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
            encode.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
        }

        Console.WriteLine($"    decode at the largest M/8 within {options.MaxSide} px  {Percentiles(decode)}");
        Console.WriteLine($"    JPEG encode q{options.JpegQuality} of those pixels{new string(' ', 10)}{Percentiles(encode)}");
    }

    private static string Percentiles(List<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"p50 {At(0.50):0.00} ms  p95 {At(0.95):0.00} ms  p99 {At(0.99):0.00} ms  max {sorted[^1]:0.00} ms  mean {sorted.Average():0.00} ms");
    }

    /// <summary>The 1/5/15-minute load averages (Linux): a busy machine shows in the tail first.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
