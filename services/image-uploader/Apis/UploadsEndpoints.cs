using System.Text.RegularExpressions;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.ImageUploader.Apis;

/// <summary>
/// <see cref="UploadsApi"/>: scan-pipeline, forgetting a deleted account's scans, has image-uploader delete what the
/// upload step kept of each one (its state is image-uploader's: keys are prefixed with the app id). Sidecar-only
/// (under <c>/internal</c>).
/// </summary>
public static partial class UploadsEndpoints
{
    public static IEndpointRouteBuilder MapUploadsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapDelete(UploadsApi.Route, ForgetAsync)
            .WithName("ForgetUpload")
            .WithSummary("Deletes the upload step's stored result and the raw upload of one scan; 204 whether or not they existed.")
            .ExcludeFromDescription();
        return routes;
    }

    /// <summary>
    /// The raw object is <c>raw/{taskId}</c>, where waste-api stores every upload. The stored image is not touched: it
    /// may be someone else's photo too, and task-scheduler's image purge deletes it once nothing refers to it.
    /// </summary>
    public static async Task<Results<NoContent, ValidationProblem>> ForgetAsync(string taskId, DaprClient dapr, CancellationToken cancellationToken)
    {
        if (taskId.Length > UploadActivity.MaxTaskIdLength || !TaskId().IsMatch(taskId))
        {
            // Only ever a task id: never a path that could name another object under raw/.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["taskId"] = ["Letters, digits, '-' and '_' only."] });
        }

        await dapr.DeleteStateAsync(DaprComponents.StateStore, UploadActivity.StateKey(taskId), cancellationToken: cancellationToken);
        await dapr.InvokeBindingAsync(new BindingRequest(DaprComponents.Images, "delete")
        {
            Metadata = { ["key"] = UploadActivity.RawPrefix + taskId },
        }, cancellationToken);
        return TypedResults.NoContent();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex TaskId();
}
