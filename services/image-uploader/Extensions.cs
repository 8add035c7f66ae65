using Dapr.Client;
using Grpc.Net.Client;
using Growbin.ServiceDefaults.Locks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Growbin.ImageUploader;

public static class Extensions
{
    /// <summary>Room for the gRPC envelope and binding metadata around the object's bytes.</summary>
    public const int GrpcEnvelopeBytes = 1024 * 1024;

    /// <summary>The upload activity's options, the normalizer, its metrics and a Dapr client able to read a whole raw upload.</summary>
    public static IServiceCollection AddImageUploader(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ImageNormalizer>();
        services.AddSingleton<UploadMetrics>();
        services.AddSingleton<ImageLock>();

        // The binding's get answers with the whole object in one gRPC message, and gRPC clients refuse messages over
        // 4 MB by default: a 5 MB photo, well inside Upload:MaxBytes, would fail as ResourceExhausted on every retry.
        // ServiceDefaults registers the default client; this worker replaces it with one sized for its uploads.
        // The sidecar needs the same room: dapr.io/max-body-size on the pod, --max-body-size locally.
        services.RemoveAll<DaprClient>();
        services.AddDaprClient((provider, dapr) =>
        {
            var maxBytes = provider.GetRequiredService<IOptions<UploadOptions>>().Value.MaxBytes;
            dapr.UseGrpcChannelOptions(new GrpcChannelOptions
            {
                // The SDK's own default, which replacing the options would otherwise drop.
                ThrowOperationCanceledOnCancellation = true,
                MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, (long)maxBytes + GrpcEnvelopeBytes),
            });
        });
        return services;
    }
}
