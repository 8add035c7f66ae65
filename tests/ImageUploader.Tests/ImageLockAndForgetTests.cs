using System.Net;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Locks;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;

namespace Growbin.ImageUploader.Tests;

#pragma warning disable DAPR_DISTRIBUTEDLOCK // The test holds the image lock as task-scheduler's image purge does.

/// <summary>
/// The upload step stores a photo under the photo's lock (task-scheduler's image purge deletes under the same lock), and
/// forgets what it kept of a scan when scan-pipeline asks for a deleted account (<see cref="UploadsApi"/>).
/// </summary>
public sealed class ImageLockAndForgetTests : IAsyncLifetime
{
    private readonly S3BindingHandler _bucket = new();
    private readonly GrowbinAppFactory<Program> _factory = new GrowbinAppFactory<Program>(new InMemoryDaprClient(new ManualTimeProvider()))
        .WithSetting("Upload:ImageLockWait", "00:00:00.300");

    private InMemoryDaprClient Dapr => _factory.Dapr;

    public Task InitializeAsync()
    {
        Dapr.RegisterBinding(DaprComponents.Images, _bucket);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task While_the_purge_holds_the_photos_lock_the_upload_stores_nothing_and_fails_for_the_retry_policy()
    {
        var photo = TestImages.Photo(800, 600);
        _bucket.Put("raw/first", photo);
        var stored = await UploadAsync("first");
        _bucket.PutAt(stored.ImageKey, _bucket.Objects[stored.ImageKey].Content, DateTimeOffset.UnixEpoch);
        _bucket.Put("raw/second", photo);
        var lockKey = ImageLock.ResourceFor(stored.ImageKey);
        (await Dapr.Lock(DaprComponents.Lock, lockKey, "image-purge", 60)).Success.Should().BeTrue();

        var attempt = () => RunAsync(new UploadRequest("second", "raw/second"));

        await attempt.Should().ThrowAsync<InvalidOperationException>().WithMessage("*image lock*");
        _bucket.Objects[stored.ImageKey].LastModified.Should().Be(DateTimeOffset.UnixEpoch, "nothing was stored while the purge held the lock");
        _bucket.Objects.Keys.Should().Contain("raw/second");
        Dapr.GetStoredJson(DaprComponents.StateStore, UploadActivity.StateKey("second")).Should().BeNull();

        await Dapr.Unlock(DaprComponents.Lock, lockKey, "image-purge");
        (await RunAsync(new UploadRequest("second", "raw/second"))).Value!.ImageKey.Should().Be(stored.ImageKey);
        _bucket.Objects.Keys.Should().Equal(stored.ImageKey);
        _bucket.Objects[stored.ImageKey].LastModified.Should().BeAfter(DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public async Task Every_upload_stores_the_photo_again_so_its_last_modified_says_a_scan_needs_it()
    {
        var photo = TestImages.Photo(800, 600);
        _bucket.Put("raw/a", photo);
        var first = await UploadAsync("a");
        _bucket.PutAt(first.ImageKey, _bucket.Objects[first.ImageKey].Content, DateTimeOffset.UnixEpoch);
        _bucket.Put("raw/b", photo);

        var second = await UploadAsync("b");

        second.ImageKey.Should().Be(first.ImageKey);
        _bucket.Objects[first.ImageKey].LastModified.Should().BeAfter(DateTimeOffset.UnixEpoch);
        (await Dapr.Lock(DaprComponents.Lock, ImageLock.ResourceFor(first.ImageKey), "check", 1)).Success
            .Should().BeTrue("the upload gave its lock back");
    }

    [Fact]
    public async Task Forgetting_a_scans_upload_deletes_its_stored_result_and_raw_upload_but_not_the_photo()
    {
        var photo = TestImages.Photo(800, 600);
        _bucket.Put("raw/done", photo);
        var stored = await UploadAsync("done");
        _bucket.Put("raw/queued", photo);

        using var done = await _factory.CreateClient().DeleteAsync("/" + UploadsApi.PathOf("done"));
        using var queued = await _factory.CreateClient().DeleteAsync("/" + UploadsApi.PathOf("queued"));
        using var again = await _factory.CreateClient().DeleteAsync("/" + UploadsApi.PathOf("done"));

        (done.StatusCode, queued.StatusCode, again.StatusCode).Should().Be((HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent));
        Dapr.GetStoredJson(DaprComponents.StateStore, UploadActivity.StateKey("done")).Should().BeNull();
        _bucket.Objects.Keys.Should().Equal(stored.ImageKey);
    }

    [Theory]
    [InlineData("..%2Fimages%2Fx.jpg")]
    [InlineData("a.b")]
    [InlineData("has%20space")]
    public async Task A_task_id_that_is_not_one_is_refused_and_nothing_is_deleted(string taskId)
    {
        _bucket.Put("raw/a.b", [1]);
        _bucket.Put("images/x.jpg", [2]);
        await Dapr.SaveStateAsync(DaprComponents.StateStore, UploadActivity.StateKey("a.b"), "kept");

        using var response = await _factory.CreateClient().DeleteAsync("/internal/uploads/" + taskId);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        _bucket.Objects.Keys.Should().BeEquivalentTo("raw/a.b", "images/x.jpg");
        Dapr.GetStoredJson(DaprComponents.StateStore, UploadActivity.StateKey("a.b")).Should().NotBeNull();
        Dapr.BindingInvocations.Should().NotContain(i => i.Operation == "delete");
    }

    private async Task<UploadedImage> UploadAsync(string taskId)
    {
        var result = await RunAsync(new UploadRequest(taskId, $"raw/{taskId}"));
        result.Failure.Should().BeNull();
        return result.Value!;
    }

    private Task<StepResult<UploadedImage>> RunAsync(UploadRequest input) =>
        _factory.Services.RunActivityAsync<UploadActivity, UploadRequest, StepResult<UploadedImage>>(input, input.TaskId);
}
