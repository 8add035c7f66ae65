using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapr;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using SkiaSharp;

namespace Growbin.ImageUploader.Tests;

/// <summary>The upload activity run as the Dapr.Workflow worker runs it, in the app with the Dapr double as its sidecar.</summary>
public sealed class UploadActivityTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ManualTimeProvider _time = new();
    private readonly S3BindingHandler _bucket = new();
    private readonly GrowbinAppFactory<Program> _factory;

    public UploadActivityTests() => _factory = new GrowbinAppFactory<Program>(new InMemoryDaprClient(_time));

    private InMemoryDaprClient Dapr => _factory.Dapr;

    public Task InitializeAsync()
    {
        Dapr.RegisterBinding(DaprComponents.Images, _bucket);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    // Names only: the bytes are made inside the test, so discovery never holds (or serializes) megabytes of theory data.
    public static TheoryData<string, string> Unusable => new()
    {
        { "empty", ActivityFailures.NotAnImage },
        { "text", ActivityFailures.NotAnImage },
        { "truncated jpeg", ActivityFailures.NotAnImage },
        { "over 10 MiB", ActivityFailures.ImageTooLarge },
        { "20000x20000 png", ActivityFailures.ImageTooLarge },
    };

    public static TheoryData<string?, string?> Malformed => new()
    {
        { "t1", null },
        { null, "raw/t1" },
        { " ", "raw/t1" },
        { "t1", "images/0123.jpg" },
        { "t1", "raw/" },
    };

    [Fact]
    public async Task A_large_photo_is_stored_shrunk_under_its_hash_and_the_raw_upload_is_deleted()
    {
        _bucket.Put("raw/t1", TestImages.Photo(3000, 2000));

        var result = await UploadAsync("t1");

        (result.Width, result.Height).Should().Be((750, 500)); // the JPEG decoder's 2/8 scale, the largest within 1024 px
        result.Sha256.Should().MatchRegex("^[0-9a-f]{64}$");
        result.ImageKey.Should().Be($"images/{result.Sha256}.jpg");

        var stored = _bucket.Objects[result.ImageKey].Content;
        Convert.ToHexStringLower(SHA256.HashData(stored)).Should().Be(result.Sha256);
        result.Bytes.Should().Be(stored.Length);
        using (var codec = SKCodec.Create(SKData.CreateCopy(stored)))
        {
            (codec.EncodedFormat, codec.Info.Width, codec.Info.Height).Should().Be((SKEncodedImageFormat.Jpeg, 750, 500));
        }

        _bucket.Objects.Keys.Should().Equal(result.ImageKey);
        StoredResult("t1").Should().Be(result);
    }

    [Fact]
    public async Task The_result_is_stored_before_the_raw_upload_is_deleted()
    {
        _bucket.Put("raw/t1", TestImages.Photo(640, 480));
        UploadedImage? storedWhenDeleting = null;
        Dapr.RegisterBinding(DaprComponents.Images, new InterceptedBucket(_bucket, request =>
        {
            if (request.Operation == "delete")
            {
                storedWhenDeleting = StoredResult("t1");
            }
        }));

        var result = await UploadAsync("t1");

        storedWhenDeleting.Should().Be(result, "once raw/ is gone only the stored result can answer a repeated run");
        Dapr.BindingInvocations.Select(i => (i.Operation, i.Metadata["key"])).Should().Equal(
            ("get", "raw/t1"), ("create", result.ImageKey), ("delete", "raw/t1"));
    }

    [Fact]
    public async Task The_stored_result_lives_for_24_hours()
    {
        _bucket.Put("raw/t1", TestImages.Photo(640, 480));
        await UploadAsync("t1");

        _time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        StoredResult("t1").Should().NotBeNull();
        _time.Advance(TimeSpan.FromSeconds(2));
        StoredResult("t1").Should().BeNull();
    }

    [Fact]
    public async Task The_same_photo_under_two_tasks_is_the_same_image()
    {
        var photo = TestImages.Photo(2400, 1800, seed: 5);
        _bucket.Put("raw/a", photo);
        _bucket.Put("raw/b", photo);

        var a = await UploadAsync("a");
        var b = await UploadAsync("b");

        b.Should().Be(a);
        _bucket.Objects.Keys.Should().Equal(a.ImageKey);
        Dapr.StateKeys(DaprComponents.StateStore).Should().Equal("activity:a:upload", "activity:b:upload");
    }

    [Fact]
    public async Task A_redelivered_run_returns_the_stored_result_without_touching_the_bucket()
    {
        _bucket.Put("raw/t1", TestImages.WithExif(TestImages.Photo(1200, 900), orientation: 6));
        var first = await UploadAsync("t1");
        _bucket.Objects.Should().NotContainKey("raw/t1", "the raw upload is gone, so only the stored result can answer now");
        var bucketCalls = Dapr.BindingInvocations.Count;

        var second = await UploadAsync("t1");

        second.Should().Be(first);
        Dapr.BindingInvocations.Should().HaveCount(bucketCalls);
    }

    [Fact]
    public async Task The_stored_result_is_keyed_on_the_task_id_and_answers_only_that_task()
    {
        _bucket.Put("raw/t1", TestImages.Photo(640, 480));
        await UploadAsync("t1");

        // Another task naming the same (now deleted) raw object must not be answered with t1's image.
        var other = await RunAsync(new UploadRequest("t2", "raw/t1"));

        UploadActivity.StateKey("t1").Should().Be("activity:t1:upload");
        Dapr.StateKeys(DaprComponents.StateStore).Should().Equal(UploadActivity.StateKey("t1"));
        ShouldBeRefused(other, ProblemTypes.For(ActivityFailures.RawUploadMissing));
    }

    [Fact]
    public async Task The_exif_orientation_is_applied_and_gps_is_stripped_in_the_stored_image()
    {
        var photo = TestImages.WithExif(TestImages.RedTopLeftQuadrant(200, 100), orientation: 6, gps: true);
        _bucket.Put("raw/t1", photo);

        var result = await UploadAsync("t1");

        (result.Width, result.Height).Should().Be((100, 200));
        var stored = _bucket.Objects[result.ImageKey].Content;
        JpegSegments.Markers(stored).Should().NotContain(m => JpegSegments.IsMetadata(m));
        using var upright = SKBitmap.Decode(stored);
        upright.GetPixel(75, 50).Red.Should().BeGreaterThan(180, "rotated 90° clockwise, the top-left quadrant is top-right");
        upright.GetPixel(25, 50).Blue.Should().BeGreaterThan(180);
    }

    [Theory]
    [MemberData(nameof(Unusable))]
    public async Task An_unusable_upload_is_a_final_refusal_that_stores_nothing_and_keeps_the_raw_upload(string what, string failure)
    {
        _bucket.Put("raw/t1", UnusableUpload(what));

        var result = await RunAsync(new UploadRequest("t1", "raw/t1"));

        ShouldBeRefused(result, ProblemTypes.For(failure));
        Dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
        _bucket.Objects.Keys.Should().Equal("raw/t1");
        Dapr.BindingInvocations.Select(i => i.Operation).Should().Equal("get");
    }

    [Fact]
    public async Task A_missing_raw_upload_is_a_final_refusal()
    {
        var result = await RunAsync(new UploadRequest("t1", "raw/t1"));

        ShouldBeRefused(result, ProblemTypes.For(ActivityFailures.RawUploadMissing));
        Dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
        _bucket.Objects.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unreachable_bucket_is_thrown_for_the_retry_policy()
    {
        _bucket.Put("raw/t1", TestImages.Photo(640, 480));
        Dapr.RegisterBinding(DaprComponents.Images, InterceptedBucket.Failing(_bucket, "get"));

        var run = () => RunAsync(new UploadRequest("t1", "raw/t1"));

        await run.Should().ThrowAsync<DaprException>();
        Dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
        _bucket.Objects.Keys.Should().Equal("raw/t1");
    }

    [Fact]
    public async Task When_the_image_cannot_be_stored_the_raw_upload_is_kept_for_the_retry()
    {
        _bucket.Put("raw/t1", TestImages.Photo(640, 480));
        Dapr.RegisterBinding(DaprComponents.Images, InterceptedBucket.Failing(_bucket, "create"));

        var failed = () => RunAsync(new UploadRequest("t1", "raw/t1"));

        await failed.Should().ThrowAsync<DaprException>();
        Dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
        _bucket.Objects.Keys.Should().Equal("raw/t1");

        Dapr.RegisterBinding(DaprComponents.Images, _bucket);
        var retried = await UploadAsync("t1");
        _bucket.Objects.Keys.Should().Equal(retried.ImageKey);
    }

    [Fact]
    public async Task A_raw_upload_that_cannot_be_deleted_is_only_a_warning()
    {
        _bucket.Put("raw/t1", TestImages.Photo(640, 480));
        Dapr.RegisterBinding(DaprComponents.Images, InterceptedBucket.Failing(_bucket, "delete"));

        var result = await UploadAsync("t1");

        StoredResult("t1").Should().Be(result);
        _bucket.Objects.Keys.Should().BeEquivalentTo("raw/t1", result.ImageKey);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_missing_or_malformed_input_is_refused_as_invalid_without_touching_storage(string? taskId, string? rawKey)
    {
        _bucket.Put("raw/t1", TestImages.Photo(64, 64));

        var result = await RunAsync(new UploadRequest(taskId!, rawKey!));

        ShouldBeRefused(result, ProblemTypes.For(ActivityFailures.InvalidStepInput));
        Dapr.BindingInvocations.Should().BeEmpty();
        Dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
        _bucket.Objects.Keys.Should().Equal("raw/t1");
    }

    [Fact]
    public async Task Each_outcome_is_counted()
    {
        var before = await ProcessedAsync();
        _bucket.Put("raw/t1", TestImages.Photo(640, 480));
        _bucket.Put("raw/t2", Encoding.UTF8.GetBytes("not an image"));

        await UploadAsync("t1");
        await UploadAsync("t1");
        await RunAsync(new UploadRequest("t2", "raw/t2"));

        var after = await ProcessedAsync();
        (after["stored"] - before.GetValueOrDefault("stored"), after["replayed"] - before.GetValueOrDefault("replayed"),
            after["rejected"] - before.GetValueOrDefault("rejected")).Should().Be((1d, 1d, 1d));
    }

    [Fact]
    public async Task A_failing_metric_never_fails_the_upload()
    {
        // Two label names, one value given: every increment throws.
        var broken = Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()).CreateCounter("broken_total", "Always fails.",
            new CounterConfiguration { LabelNames = ["outcome", "extra"] });
        await using var app = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton(new UploadMetrics(NullLogger<UploadMetrics>.Instance, broken))));
        _bucket.Put("raw/t1", TestImages.Photo(640, 480));

        var result = await UploadAsync(app.Services, "t1");

        StoredResult("t1").Should().Be(result);
        FluentActions.Invoking(() => broken.WithLabels("stored")).Should().Throw<ArgumentException>("the counter really is broken");
    }

    [Fact]
    public async Task The_limits_come_from_the_upload_configuration_section()
    {
        await using var factory = new GrowbinAppFactory<Program>().WithSetting("Upload:MaxSide", "256");
        var bucket = new S3BindingHandler();
        bucket.Put("raw/t1", TestImages.Photo(640, 480));
        factory.Dapr.RegisterBinding(DaprComponents.Images, bucket);

        var result = await UploadAsync(factory.Services, "t1");

        (result.Width, result.Height).Should().Be((240, 180)); // 640x480 at 3/8, the largest JPEG scale within 256 px
    }

    [Fact]
    public void An_invalid_upload_configuration_stops_the_app_at_start()
    {
        var start = () => StartupValidation.Run(s => s.AddImageUploader(),
            new Dictionary<string, string?> { ["Upload:JpegQuality"] = "0" });

        start.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*JpegQuality*");
    }

    private Task<UploadedImage> UploadAsync(string taskId) => UploadAsync(_factory.Services, taskId);

    private static async Task<UploadedImage> UploadAsync(IServiceProvider services, string taskId)
    {
        var result = await RunAsync(services, new UploadRequest(taskId, $"raw/{taskId}"));
        result.Failure.Should().BeNull();
        return result.Value!;
    }

    private Task<StepResult<UploadedImage>> RunAsync(UploadRequest input) => RunAsync(_factory.Services, input);

    private static Task<StepResult<UploadedImage>> RunAsync(IServiceProvider services, UploadRequest input) =>
        services.RunActivityAsync<UploadActivity, UploadRequest, StepResult<UploadedImage>>(input, input.TaskId ?? "t1");

    private static void ShouldBeRefused(StepResult<UploadedImage> result, string type)
    {
        result.Value.Should().BeNull();
        result.Failure.Should().NotBeNull();
        result.Failure!.Type.Should().Be(type);
        result.Failure.Detail.Should().NotBeNullOrWhiteSpace();
    }

    private UploadedImage? StoredResult(string taskId) =>
        Dapr.GetStoredJson(DaprComponents.StateStore, UploadActivity.StateKey(taskId)) is { } json
            ? JsonSerializer.Deserialize<UploadedImage>(json, Json)
            : null;

    private async Task<Dictionary<string, double>> ProcessedAsync()
    {
        using var app = _factory.CreateClient();
        var text = await app.GetStringAsync("/metrics");
        const string prefix = "growbin_images_processed_total{outcome=\"";
        return text.Split('\n')
            .Where(line => line.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(
                line => line[prefix.Length..line.IndexOf('"', prefix.Length)],
                line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    private static byte[] UnusableUpload(string what) => what switch
    {
        "empty" => [],
        "text" => Encoding.UTF8.GetBytes("분리수거 안내문입니다. This is a text file.\n"),
        "truncated jpeg" => Truncated(TestImages.Noise(400, 300)),
        "over 10 MiB" => Padded(TestImages.Photo(100, 100), (10 * 1024 * 1024) + 1),
        "20000x20000 png" => TestImages.PngBomb,
        _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
    };

    private static byte[] Truncated(byte[] jpeg) => jpeg[..(jpeg.Length * 6 / 10)];

    private static byte[] Padded(byte[] content, int length)
    {
        var padded = new byte[length];
        content.CopyTo(padded, 0);
        return padded;
    }
}
