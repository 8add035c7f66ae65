using Dapr.Client;
using Microsoft.Extensions.Options;

namespace Growbin.ImageUploader;

/// <summary>What the <c>upload</c> handler needs, bound with <c>[AsParameters]</c>.</summary>
public sealed record UploadActivityServices(
    DaprClient Dapr,
    ImageNormalizer Normalizer,
    UploadMetrics Metrics,
    IOptions<UploadOptions> Options,
    ILogger<UploadActivityServices> Logger);
