using Dapr.Workflow;
using Grpc.Core;
using Growbin.ServiceDefaults.State;
using Growbin.Contracts.Pipeline;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.ScanPipeline;

/// <summary>
/// <see cref="ScanWorkflowApi"/>: how waste-api, in another namespace, starts and reads scans by service invocation
/// (Dapr Workflow's client only reaches the sidecar of the app hosting the workflow). Sidecar-only routes under
/// <c>/internal</c>: with <c>APP_API_TOKEN</c> set, ServiceDefaults requires the sidecar's token.
/// </summary>
public static class ScanWorkflowEndpoints
{
    public static IEndpointRouteBuilder MapScanWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(ScanWorkflowApi.Route, StartAsync)
            .WithName("StartScan")
            .WithSummary("Start the scan workflow with the task id as its instance id; a known task id changes nothing.");
        app.MapGet(ScanWorkflowApi.Route, ReadAsync)
            .WithName("ReadScan")
            .WithSummary("The scan's status, step, attempt and outcome.");
        return app;
    }

    public static async Task<Results<Created, Ok, ValidationProblem>> StartAsync(
        string taskId, ScanRequest request, DaprWorkflowClient workflows, InFlightScanIndex inFlight, ScanOutcomes outcomes,
        [FromKeyedServices(UserScans.IndexName)] UserKeyIndex userScans, TimeProvider time, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (request.TaskId != taskId || string.IsNullOrWhiteSpace(request.UserId) || string.IsNullOrWhiteSpace(request.RawKey))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["taskId"] = ["The body's taskId must be the route's, with a userId and a rawKey."],
            });
        }

        if ((await workflows.GetWorkflowStateAsync(taskId, getInputsAndOutputs: false, cancellationToken)).Exists
            || await outcomes.FindAsync(taskId, cancellationToken) is not null)
        {
            return TypedResults.Ok();
        }

        // Listed before it exists, so a deleted account's scan is always found (ScanPurge); a store failure is a 5xx
        // before anything started, and waste-api's retry with the same Idempotency-Key starts it then.
        await userScans.AddAsync(request.UserId, taskId, cancellationToken);
        try
        {
            await workflows.ScheduleNewWorkflowAsync(ScanRequest.WorkflowName, taskId, request);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.AlreadyExists or StatusCode.FailedPrecondition)
        {
            return TypedResults.Ok(); // a concurrent start of the same task id won
        }

        try
        {
            await inFlight.AddAsync(taskId, time.GetUtcNow(), cancellationToken);
        }
        catch (Exception e) when (e is Dapr.DaprException or InvalidOperationException)
        {
            // The scan runs all the same; only the stuck check will not see it.
            loggers.CreateLogger(typeof(ScanWorkflowEndpoints)).LogWarning(e, "Scan {TaskId}: could not be added to the in-flight index", taskId);
        }

        return TypedResults.Created();
    }

    public static async Task<Results<Ok<ScanState>, ProblemHttpResult>> ReadAsync(string taskId, ScanStates scans, CancellationToken cancellationToken) =>
        await scans.ReadAsync(taskId, cancellationToken) is { } state
            ? TypedResults.Ok(state)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ScanWorkflowApi.ScanNotFoundType,
                title: "No such scan", detail: $"No scan has task id '{taskId}'.");
}
